import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';

const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-own-paths/ARCHITECTURE_MAP.md' });

// A register whose last column mixes pid and lock files, as operations teams write it.
const register = (last: string) => [
  '# Kiln control', '', '## Register', '',
  `| name | type | launch | listens | health | ${last} |`,
  '|---|---|---|---|---|---|',
  '| `sampler` | Daemon | `./sampler --bus 2` | — | — | `run/sampler.lock` |',
  '| `store` | Daemon | `keydb-server keydb.conf` | 6400 | `keydb-cli -p 6400 ping` | `run/store.pid` |',
  '',
].join('\n');

describe("a register's PID / lock file column", () => {
  it('is read as the lock or the pidfile by its extension, and never as a config (was: configs dropped with a warning each)', async () => {
    const map = await load(register('PID / lock file'));
    expect(map.messages.map((m) => m.rule)).toEqual([]);
    const workers = Object.fromEntries(map.model.workers.map((w) => [w.name, { lock: w.lock, pidfile: w.pidfile, dependsOn: w.dependsOn }]));
    expect(workers).toEqual({
      sampler: { lock: 'run/sampler.lock', pidfile: null, dependsOn: [] },
      store: { lock: null, pidfile: 'run/store.pid', dependsOn: [] },
    });
    expect(map.model.configs.map((c) => c.path)).toEqual([]);
  });
});

describe("a worker's own lock also declared as a config healmap cannot check", () => {
  it('is read as the lock, with a warning at the config\'s place, and the map is accepted (was: rejected, lock-is-data)', async () => {
    const map = await load([register('PID / lock file'), '## Configs', '', '| Config | Field | Type |', '|---|---|---|', '| run/sampler.lock | holder | string |', ''].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(map.model.workers.find((w) => w.name === 'sampler')?.lock).toBe('run/sampler.lock');
    expect(map.model.configs.map((c) => c.path)).toEqual([]);
    const warnings = map.messages.filter((m) => m.rule === 'own-path-not-config').map((m) => `${String(m.place?.line)}: ${m.message.replace(/:\d+;/, ':COL;')}`);
    expect(warnings).toEqual([
      "14: `run/sampler.lock` is the lock of worker `sampler` and was also read as a config at ARCHITECTURE_MAP.md:14:COL; read as that worker's lock, not a config",
    ]);
    expect((map.model.facts ?? []).filter((f) => f.component.startsWith('config:'))).toEqual([]);
  });
});

describe('a lock naming a config healmap can check', () => {
  it('stays an error', async () => {
    const map = await load(['## Workers', '', '| Worker | Command | Lock |', '|---|---|---|', '| a | `node a.js` | `conf/a.json` |', '', '## Configs', '', '| Config | Field | Type |', '|---|---|---|', '| conf/a.json | port | integer |', ''].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error').map((m) => m.message)).toEqual([expect.stringMatching(/^Expected the lock of worker `a` to be a file of its own, got `conf\/a.json`, the config at/)]);
  });
});
