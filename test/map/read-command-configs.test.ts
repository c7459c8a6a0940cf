import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';

// The config a worker's command line is given is a config it reads.
const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-command-configs/ARCHITECTURE_MAP.md' });
type Loaded = Awaited<ReturnType<typeof load>>;
const dependsOn = (map: Loaded) => map.model.workers.map((w) => [w.name, [...w.dependsOn].sort()]);

describe('configs named on a command line', () => {
  it('makes a worker depend on a declared config its command is given, whatever the flag', async () => {
    const map = await load([
      '# Lab', '', '## What runs', '',
      '| name | command |', '|---|---|',
      '| sorter | `./sorter --rules rules.toml` |', '| mixer | `ruby mix.rb -p mix.yaml --out out/mix.json` |', '',
      '## rules.toml', '', '- `max_batch` — integer, default 10', '',
      '## mix.yaml', '', '- `ratio` — number, default 0.5', '',
    ].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(dependsOn(map)).toEqual([['sorter', ['config:rules.toml']], ['mixer', ['config:mix.yaml']]]);
  });

  it('reads a path after a config flag as a config even when the map describes none of it', async () => {
    const map = await load([
      '# Lab', '', '## What runs', '',
      '- **sorter** — `./sorter --config conf/sorter.ini`',
      '- **mixer** — `node mix.js --settings=mix.json --dump out/mix.json`',
      '- **relay** — `relay -conf=/etc/relay/relay.conf`', '',
    ].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(dependsOn(map)).toEqual([['sorter', ['config:conf/sorter.ini']], ['mixer', ['config:mix.json']], ['relay', []]]);
    expect(map.model.configs.map((c) => c.path)).toEqual(['conf/sorter.ini', 'mix.json']);
  });

  it('never reads a path the worker writes as its config', async () => {
    const map = await load([
      '# Lab', '', '## What runs', '',
      '- **exporter** — `python export.py --config out/export.json`; it writes `out/export.json` every hour.', '',
    ].join('\n'));
    expect(dependsOn(map)).toEqual([['exporter', []]]);
  });
});
