import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';

const load = (lines: string[]) => loadMapText(lines.join('\n'), { mapPath: '/tmp/healmap-cards/ARCHITECTURE_MAP.md', label: 'MAP' });
const workersOf = (map: Awaited<ReturnType<typeof load>>) =>
  map.model.workers.map((w) => ({ name: w.name, command: w.command, pidfile: w.pidfile, deps: [...w.dependsOn].sort() }));
const filesOf = (map: Awaited<ReturnType<typeof load>>) => map.model.files.map((f) => [f.path, f.producer, f.freshWithinMs]);

describe('component cards: a bold lead with key: value bullets', () => {
  it('takes the name after a label in the lead as the subject and the bullets as its facts', async () => {
    const map = await load([
      '# Pipeline', '', '## The moving parts', '',
      '**Collector — harvest_feed**', '',
      '- run: `python harvest.py --once`',
      '- pidfile: run/harvest.pid',
      '- writes: `data/harvest.json`, max age 10 minutes', '',
      '**Current state: rollup**', '',
      '- exec: node rollup.js',
      '- depends on: harvest_feed', '',
      '**publisher — pushes the rollup out**', '',
      '- cmd: `./publish --all`',
      '- depends on: rollup, harvest_feed',
    ]);
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(workersOf(map)).toEqual([
      { name: 'harvest_feed', command: 'python harvest.py --once', pidfile: 'run/harvest.pid', deps: [] },
      { name: 'rollup', command: 'node rollup.js', pidfile: null, deps: ['worker:harvest_feed'] },
      { name: 'publisher', command: './publish --all', pidfile: null, deps: ['worker:harvest_feed', 'worker:rollup'] },
    ]);
    expect(filesOf(map)).toEqual([['data/harvest.json', 'worker:harvest_feed', 10 * 60_000]]);
  });

  it('leaves a bold lead over a list of plain bullets to the other readers', async () => {
    const map = await load([
      '## Notes', '', '**Things to remember — rollup**', '', '- it is slow on Mondays', '- ask the data team first',
    ]);
    expect(workersOf(map)).toEqual([]);
  });
});

describe('component cards in an incident or post-mortem section', () => {
  it('reads a card that says it is current or is the only declaration, drops an old one, each with a warning', async () => {
    const map = await load([
      '# Pipeline', '', '## Processes', '',
      '**Collector — harvest_feed**', '', '- run: `python harvest.py --once`', '',
      '## Post-mortem 2026-03 — the rollup stalled', '',
      '**Current state: rollup**', '', '- exec: node rollup.js', '- depends on: harvest_feed', '',
      '**Before the fix — harvest_feed**', '', '- run: `python harvest_v1.py`', '',
      '## Incident 12', '', '**Worker — shipper**', '', '- cmd: `node ship.js`',
    ]);
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(workersOf(map)).toEqual([
      { name: 'harvest_feed', command: 'python harvest.py --once', pidfile: null, deps: [] },
      { name: 'rollup', command: 'node rollup.js', pidfile: null, deps: ['worker:harvest_feed'] },
      { name: 'shipper', command: 'node ship.js', pidfile: null, deps: [] },
    ]);
    const warnings = map.messages.filter((m) => m.rule === 'read-from-incident' || m.rule === 'dropped-from-incident').map((m) => [m.rule, m.place?.line]);
    expect(warnings).toEqual([['read-from-incident', 11], ['dropped-from-incident', 16], ['read-from-incident', 22]]);
  });
});
