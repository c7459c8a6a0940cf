import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { readBoxDiagram } from '../../src/map/read-box-diagram.js';

// Box-and-arrow drawings in plain text: what is drawn with certainty is read, the rest warned about by line.
const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-box-diagram/ARCHITECTURE_MAP.md' });
type Loaded = Awaited<ReturnType<typeof load>>;
const dependsOn = (map: Loaded) => map.model.workers.map((w) => [w.name, [...w.dependsOn].sort()]);
const edgesOf = (text: string) => readBoxDiagram(text).edges.map((e) => `${e.from} -> ${e.to}${e.label ? ` (${e.label})` : ''}`);

const WORKERS = [
  '## Workers', '',
  '| name | command |', '|---|---|',
  '| poller | `python poll.py` |', '| shaper | `./shaper` |', '| board | `node board.js` |', '| store | `store-server` |', '',
];

describe('box-and-arrow drawings', () => {
  it('reads boxes joined by an arrow on one line, with a label inside the shaft or above it', () => {
    expect(edgesOf([
      '+--------+              +---------+',
      '| poller |  --feeds-->  | shaper  |',
      '+--------+              +---------+',
      '              out/a.csv',
      '[ shaper ] ===========> [ board ] <--- (conf/board.json)',
    ].join('\n'))).toEqual(['poller -> shaper (feeds)', 'shaper -> board (out/a.csv)', 'conf/board.json -> board']);
  });

  it('reads a vertical arrow between the names above and below it in the same column', () => {
    expect(edgesOf([
      '┌────────────┐',
      '│   poller   │ (python)',
      '└─────┬──────┘',
      '      │ out/a.csv',
      '      ▼',
      '   shaper ─► out/b.csv',
      '        |',
      '        v',
      '      board',
      '        ^',
      '        |  depends on',
      '  [ store ]',
    ].join('\n'))).toEqual(['shaper -> out/b.csv', 'poller -> shaper (out/a.csv)', 'shaper -> board', 'store -> board (depends on)']);
  });

  it('counts an arrow that bends, points both ways or touches no name as unread, with its line', () => {
    const reading = readBoxDiagram(['poller ◄──► shaper', 'board ───┐', '         ▼', '        (nightly)'].join('\n'));
    expect(reading.edges).toEqual([]);
    expect(reading.unreadAt.sort()).toEqual([0, 2]);
  });

  it('reads a drawing in a map as dependencies in data-flow direction and says which arrows it left', async () => {
    const map = await load(['# Plant', '', ...WORKERS, '## How data moves', '', '```',
      '  +--------+      out/a.csv      +--------+',
      '  | poller | ------------------> | shaper |',
      '  +--------+                     +---+----+',
      '                                     |',
      '                                     v',
      '   vendor portal ====>  [ board ] <--+',
      '                            |  needs',
      '                            v',
      '                        [ store :5432 ]',
      '```', '',
    ].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(dependsOn(map)).toEqual([['poller', []], ['shaper', ['file:out/a.csv']], ['board', ['worker:store']], ['store', []]]);
    expect(map.model.files.map((f) => [f.path, f.producer])).toEqual([['out/a.csv', 'worker:poller']]);
    expect(map.messages.map((m) => `${m.place.line}: ${m.rule}`)).toEqual(['19: diagram-partly-read']);
    expect(map.messages[0]?.message).toContain('on lines 19, 20');
  });

  it('warns with its place about a drawing it cannot read at all, instead of staying silent', async () => {
    const map = await load(['# Plant', '', ...WORKERS, '## Picture', '', '```',
      '+-----------+',
      '|  sensors  |',
      '+-----------+',
      '      |',
      '      v',
      '  the cloud',
      '```', '',
    ].join('\n'));
    expect(map.messages.map((m) => `${m.place.line}: ${m.rule}`)).toEqual(['14: diagram-not-read']);
  });

  it('never lets a guessed arrow between two components turn round what a sentence states', async () => {
    const map = await load(['# Plant', '', ...WORKERS, 'The `board` needs `store` for its sessions.', '', '```',
      '[ board ] ---> [ store ]',
      '[ poller ] ---> [ shaper ]',
      '```', '',
    ].join('\n'));
    expect(dependsOn(map)).toEqual([['poller', []], ['shaper', ['worker:poller']], ['board', ['worker:store']], ['store', []]]);
  });
});
