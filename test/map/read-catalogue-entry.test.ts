import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';

// A catalogue entry's values are read by their shape; a probe (it checks, it starts nothing) is
// never how a worker starts, whatever key holds it.
const load = (lines: string[]) => loadMapText(lines.join('\n'), { mapPath: '/tmp/healmap-catalogue-entry/ARCHITECTURE_MAP.md' });
const workers = (map: Awaited<ReturnType<typeof load>>) => map.model.workers.map((w) => [w.name, w.command, w.health?.target ?? null]);

describe('a probe-shaped value in a catalogue entry', () => {
  it('is its health check, not its start command, under a key of no known family', async () => {
    const map = await load(['# Ledger', '', '## Services', '', '```yaml', 'services:',
      '  ledger:',
      '    ready: pg_isready -p 5434',
      '    launcher: ./bin/ledger --port 5434',
      '  cache:',
      '    run: redis-server --port 6390',
      '    alive: redis-cli -p 6390 ping',
      '```', '']);
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(workers(map)).toEqual([
      ['ledger', './bin/ledger --port 5434', 'pg_isready -p 5434'],
      ['cache', 'redis-server --port 6390', 'redis-cli -p 6390 ping'],
    ]);
  });

  it('under `command:` is read as the health check with a positioned warning, and the entry is not started by it', async () => {
    const map = await load(['# Ledger', '', '## Services', '', '```yaml', 'services:',
      '  ledger-db:',
      '    command: pg_isready -p 5434',
      '    port: 5434',
      '  loader:',
      '    command: python3 load.py',
      '```', '']);
    expect(workers(map)).toEqual([['loader', 'python3 load.py', null]]);
    expect(map.messages.filter((m) => m.place.line === 8).map((m) => [m.severity, m.message])).toEqual([
      ['warning', 'Expected a command that starts `ledger-db` under `command`, got the probe `pg_isready -p 5434`; read as its health check, not how it starts'],
    ]);
  });

  it('under a hook key (`pre_start`) is neither the command nor the health check', async () => {
    const map = await load(['# Ledger', '', '## Services', '', '```yaml', 'services:',
      '  loader:',
      '    pre_start: nc -z 127.0.0.1 5434',
      '    exec: python3 load.py',
      '```', '']);
    expect(workers(map)).toEqual([['loader', 'python3 load.py', null]]);
  });
});
