import { describe, expect, it } from 'vitest';
import { findAnchors } from '../../src/map/find-anchors.js';
import { loadMapText } from '../../src/map/load-map.js';

const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-code-lines/ARCHITECTURE_MAP.md' });

// Line numbers are written beside each line so the expectations can be checked by eye.
const MAP = [
  '# Map', //                                       1
  '', //                                            2
  '## Workers', //                                  3
  '', //                                            4
  'The processes, as a Procfile:', //               5
  '', //                                            6
  '    api: node api.js --port 1', //               7
  '    web: node web.js', //                        8
  '', //                                            9
  'And two more:', //                               10
  '', //                                            11
  '```', //                                         12
  'sync: node sync.js', //                          13
  'feed: node feed.js', //                          14
  '```', //                                         15
  '', //                                            16
  '## Dependencies', //                             17
  '', //                                            18
  '    api -> sync', //                             19
  '    web -> feed', //                             20
  '', //                                            21
  '## Files', //                                    22
  '', //                                            23
  '    Command ...... node x.js', //                24
  '    Output ....... out/x.csv', //                25
  '',
].join('\n');

describe('positions inside code blocks', () => {
  it('gives an indented block\'s lines their own line numbers, as a fenced block\'s', async () => {
    const map = await load(MAP);
    const line = (name: string) => map.model.workers.find((w) => w.name === name)?.place.line;
    expect([line('api'), line('web'), line('sync'), line('feed')]).toEqual([7, 8, 13, 14]);
  });

  it('places an edge of an indented arrow diagram on its own line', async () => {
    const map = await load('## Workers\n\n    api: node api.js\n    web: node web.js\n\n## Dependencies\n\n    api -> web\n    web -> elsewhere\n');
    const outside = map.messages.filter((m) => m.message.includes('`elsewhere`'));
    expect(outside.map((m) => [m.rule, m.place.line])).toEqual([['outside-reference', 9]]);
  });

  it('places a warning about an indented register on the block\'s first line', async () => {
    const map = await load(MAP);
    const warning = map.messages.find((m) => m.rule === 'block-not-read');
    expect(warning?.place).toEqual({ line: 24, column: 1 });
  });

  it('gives the entries of an indented YAML catalogue their own lines', async () => {
    const map = await load(['## Catalogue', '', 'Our services:', '', '    collector:', '      command: ./collector --bus can0', '    sender:', '      command: ./sender', ''].join('\n'));
    expect(map.model.workers.map((w) => [w.name, w.place.line])).toEqual([['collector', 5], ['sender', 7]]);
  });

  it('places the one command of a code block under a heading on its own line, fenced or indented', () => {
    const heading = { type: 'heading' as const, depth: 3, text: 'ingest', place: { line: 1, column: 1 } };
    const indented = { type: 'code' as const, lang: '', value: 'python ingest.py', place: { line: 3, column: 1 }, bodyLine: 3 };
    const fenced = { type: 'code' as const, lang: 'sh', value: '# start it\n$ python ingest.py --fast', place: { line: 5, column: 1 }, bodyLine: 6 };
    const places = (units: ReturnType<typeof findAnchors>) => units.flatMap((u) => u.pieces).filter((p) => p.label === 'code').map((p) => [p.marked, p.place.line]);
    expect(places(findAnchors([heading, indented]))).toEqual([['`python ingest.py`', 3]]);
    expect(places(findAnchors([heading, fenced]))).toEqual([['`python ingest.py --fast`', 7]]);
  });
});
