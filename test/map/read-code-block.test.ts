import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { readProcfile } from '../../src/map/read-code-block.js';

const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-procfile/ARCHITECTURE_MAP.md' });

describe('a Procfile and the notes people write about its lines', () => {
  it('keeps a comment on a line apart from the command', () => {
    expect(readProcfile('procfile', 'web: node web.js --port 5000  # serves the UI\nworker: python work.py')?.map((w) => [w.name, w.keys, w.note ?? null])).toEqual([
      ['web', [['command', 'node web.js --port 5000']], 'serves the UI'],
      ['worker', [['command', 'python work.py']], null],
    ]);
  });

  it('reads a line\'s note as prose about that worker: what it writes, and how fresh', async () => {
    const map = await load(['## Procfile', '', '```', 'feed: ./feed --bus can0   # writes state/feed.json every 2 s, stale after 30 s', 'ui: node ui.js', '```', ''].join('\n'));
    expect(map.model.workers.find((w) => w.name === 'feed')?.command).toBe('./feed --bus can0');
    expect(map.model.files.map((f) => [f.path, f.producer, f.freshWithinMs])).toEqual([['state/feed.json', 'worker:feed', 30_000]]);
  });

  it('reads per-name notes after the block as facts of those workers, a pidfile not being an output', async () => {
    const map = await load(['## Procfile', '', '```', 'hub: ./hub --bus i2c-1', 'panel: node panel.js', '```', '', 'Notes per line:', '',
      '* `hub` keeps `state/climate.json` current and writes its pid to `run/hub.pid`.',
      '* `panel` is the web page on the tablet. Listens on port 8081. It only reads `state/climate.json`.', ''].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(map.model.workers.map((w) => [w.name, w.pidfile, w.port, w.produces, w.dependsOn])).toEqual([
      ['hub', 'run/hub.pid', null, ['file:state/climate.json'], []],
      ['panel', null, 8081, [], ['file:state/climate.json']],
    ]);
    expect(map.model.files.map((f) => f.path)).toEqual(['state/climate.json']);
  });

  it('does not read a note about a name no block declared as a worker', async () => {
    const map = await load(['## Procfile', '', '```', 'hub: ./hub --bus i2c-1', 'panel: node panel.js', '```', '', '* `sensors` are hardware we buy in; they listen on port 502.', ''].join('\n'));
    expect(map.model.workers.map((w) => [w.name, w.port])).toEqual([['hub', null], ['panel', null]]);
  });
});
