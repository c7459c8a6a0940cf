import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';

const load = (lines: string[]) => loadMapText(lines.join('\n'), { mapPath: '/tmp/healmap-quotes/ARCHITECTURE_MAP.md', label: 'MAP' });
const workersOf = (map: Awaited<ReturnType<typeof load>>) => map.model.workers.map((w) => ({ name: w.name, command: w.command, pidfile: w.pidfile, line: w.place?.line ?? null }));

describe('blockquotes: read like any other block unless plainly a quotation or an aside', () => {
  it('reads a component card written inside a quote, each fact at its own line', async () => {
    const map = await load([
      '# Plant', '', '## Services', '',
      '> **Service — meter_reader**', '>', '> - start: `python meter.py --bus 1`', '> - pidfile: run/meter.pid', '',
      '> Nothing is ever lost twice. — the night shift', '',
    ]);
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(workersOf(map)).toEqual([{ name: 'meter_reader', command: 'python meter.py --bus 1', pidfile: 'run/meter.pid', line: 5 }]);
    const facts = (map.model.facts ?? []).filter((f) => f.component === 'worker:meter_reader').map((f) => [f.fact, f.place.line, f.place.column]);
    expect(facts).toEqual(expect.arrayContaining([['command', 7, 5], ['pidfile', 8, 5]]));
  });

  it('takes no values from an admonition, which stays an aside', async () => {
    const map = await load([
      '# Plant', '', '## Services', '', '!!! note "Careful"', '    **Service — meter_reader**', '', '    - start: `python meter.py --bus 1`', '',
    ]);
    expect(workersOf(map)).toEqual([]);
  });
});
