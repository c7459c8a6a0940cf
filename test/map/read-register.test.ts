import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { readRegister, readRuledTable, splitKeyValue } from '../../src/map/read-register.js';

describe('registers written as key/value lines', () => {
  it('splits a key from its value at dot leaders, a colon or a run of spaces, and never reads prose as a key', () => {
    expect(splitKeyValue('Start command ....... python -m collector')).toEqual({ key: 'Start command', value: 'python -m collector' });
    expect(splitKeyValue('Port: 8090')).toEqual({ key: 'Port', value: '8090' });
    expect(splitKeyValue('Listening port      8090')).toEqual({ key: 'Listening port', value: '8090' });
    expect(splitKeyValue('This document records the components of the platform')).toBeNull();
    expect(splitKeyValue('the data each component produces and consumes:  x')).toBeNull();
  });

  it('reads entries under name lines, a line without a key continuing the value above it', () => {
    const text = '3.1  collector\n     Start command ... python c.py\n     Inputs ......... a.parquet\n                      b.env (see 4)\n3.2  web\n     Start command ... php -S x\n     Port ............ 8090\n';
    const isKey = (key: string): boolean => ['Start command', 'Inputs', 'Port'].includes(key);
    expect(readRegister(text, isKey)).toEqual([
      { name: 'collector', line: 0, pairs: [{ key: 'Start command', value: 'python c.py', line: 1 }, { key: 'Inputs', value: 'a.parquet, b.env (see 4)', line: 2 }] },
      { name: 'web', line: 4, pairs: [{ key: 'Start command', value: 'php -S x', line: 5 }, { key: 'Port', value: '8090', line: 6 }] },
    ]);
    // A title over one known key is not a register: prose with a colon stays prose.
    expect(readRegister('Scope\nIn scope: collection from meters\n', (key) => key === 'In scope')).toEqual([]);
  });

  it('cuts a plain-text table at the columns its dashed rule marks', () => {
    const rows = readRuledTable('Data set        Producer   Freshness\n--------------  ---------  ---------\ndata/a.parquet  collector  2 minutes\n', (line, column) => ({ line: line + 10, column }));
    expect(rows?.map((row) => row.map((cell) => cell.text))).toEqual([['Data set', 'Producer', 'Freshness'], ['data/a.parquet', 'collector', '2 minutes']]);
    expect(rows?.[1]?.[1]?.place).toEqual({ line: 12, column: 17 });
    expect(readRuledTable('no table here\n', () => ({ line: 1, column: 1 }))).toBeNull();
  });

  it('reads a controlled document: a register in a paragraph, ruled tables in indented blocks, unknown keys warned', async () => {
    const map = [
      '3. COMPONENT REGISTER', '---------------------', '',
      '3.1  collector',
      '     Start command ....... python -m collector',
      '     Output .............. data/readings.parquet',
      '     Service level ....... Output must be updated every 2 minutes',
      '     Budget code ......... CC-12', '',
      '4. CONFIGURATION ITEMS', '----------------------',
      '4.1  collector.env (read by collector)', '',
      '     Variable   Type     Default  Permitted range  Mandatory',
      '     ---------  -------  -------  ---------------  ---------',
      '     WINDOW     integer  60       5 - 1440         Yes', '',
    ].join('\n');
    const loaded = await loadMapText(map, { mapPath: '/p/ARCHITECTURE_MAP.md', rootDir: '/p' });
    expect(loaded.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(loaded.model.workers.map((w) => [w.name, w.command])).toEqual([['collector', 'python -m collector']]);
    expect(loaded.model.files.map((f) => [f.path, f.producer, f.freshWithinMs])).toEqual([['data/readings.parquet', 'worker:collector', 120_000]]);
    expect(loaded.model.configs[0]?.fields.map((f) => [f.name, f.type, f.default, f.min, f.max, f.required])).toEqual([['WINDOW', 'integer', 60, 5, 1440, true]]);
    expect(loaded.messages.map((m) => `${m.place.line} ${m.rule}`)).toContain('8 unknown-key');
  });

  it('warns of dot-leader lines it could not read as a register, and stays quiet on a plain title block', async () => {
    const unread = await loadMapText('## Components\n\n```\nBudget code ....... CC-12\nCost centre ....... Ops\n```\n', { mapPath: '/p/ARCHITECTURE_MAP.md', rootDir: '/p' });
    expect(unread.messages.map((m) => `${m.place.line} ${m.rule}`)).toContain('4 block-not-read');
    const title = await loadMapText('# X\n\nDocument ID:     IT-4\nOwner:           Ops\n\n## Workers\n\n| Worker | Command |\n|---|---|\n| a | node a.js |\n', { mapPath: '/p/ARCHITECTURE_MAP.md', rootDir: '/p' });
    expect(title.messages).toEqual([]);
  });
});
