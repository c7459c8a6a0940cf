import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { extractWikiTables } from '../../src/map/read-wiki-tables.js';

// A map exported from a wiki: `== Section ==` headings and MediaWiki tables.
const exported = [
  '= Quay sensors =', '',
  '== Services ==', '',
  '{| class="wikitable sortable"',
  '|+ What runs on the quay box',
  '|-',
  '! Service !! Command !! Port !! Pager',
  '|-',
  "| '''tidewatch''' || <code>node tidewatch.js --buoy 4</code> || 7300 || ops",
  '|-',
  '| quayapi',
  '| <code>node quayapi.js</code>',
  '| style="text-align:right" | 7301',
  '| ops',
  '|}', '',
  '== Data files ==', '',
  '{|',
  '! Path',
  '! Written by',
  '! Max age',
  '|-',
  '| <code>data/tides.json</code> || tidewatch || 10 min',
  '|}', '',
];

describe('MediaWiki tables', () => {
  it('are read like any table: workers, files and their facts (was: nothing read)', async () => {
    const map = await loadMapText(exported.join('\n'), { mapPath: '/tmp/healmap-wiki/ARCHITECTURE_MAP.md' });
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(map.model.workers.map((w) => [w.name, w.command, w.port])).toEqual([
      ['tidewatch', 'node tidewatch.js --buoy 4', 7300],
      ['quayapi', 'node quayapi.js', 7301],
    ]);
    expect(map.model.files.map((f) => [f.path, f.producer, f.freshWithinMs])).toEqual([['data/tides.json', 'worker:tidewatch', 600_000]]);
  });

  it('keep every cell at the line and column it is written at', async () => {
    const map = await loadMapText(exported.join('\n'), { mapPath: '/tmp/healmap-wiki/ARCHITECTURE_MAP.md' });
    expect(map.messages.map((m) => [m.rule, m.place.line, m.place.column, m.message])).toEqual([
      ['unknown-key', 8, 33, 'Unknown worker column `Pager`; it is ignored'],
    ]);
    const port = (map.model.facts ?? []).find((f) => f.component === 'worker:quayapi' && f.fact === 'port');
    expect(port?.place).toEqual({ line: 14, column: 30 });
  });

  it('leave every other line where it was, and a table never closed as text', () => {
    const text = ['before', '{|', '! a !! b', '|-', '| 1 || 2', '|}', 'after', '{|', '| never closed'].join('\n');
    const { text: rest, tables } = extractWikiTables(text);
    expect(rest.split('\n')).toEqual(['before', '', '', '', '', '', 'after', '{|', '| never closed']);
    expect(tables.map((t) => [t.firstLine, t.lastLine, t.block.rows.map((row) => row.map((c) => `${c.text}@${c.place.line}:${c.place.column}`))])).toEqual([
      [2, 6, [['a@3:3', 'b@3:8'], ['1@5:3', '2@5:8']]],
    ]);
  });
});
