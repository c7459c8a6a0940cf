import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { findDirectoryPath, readFolderCell } from '../../src/map/read-directory-ref.js';

const load = (lines: string[]) => loadMapText(lines.join('\n'), { mapPath: '/tmp/healmap-folders/ARCHITECTURE_MAP.md' });
const edges = (map: Awaited<ReturnType<typeof load>>) => map.model.workers.map((w) => [w.name, w.produces, w.dependsOn]);

describe('a folder named with words around it', () => {
  it('is its path, whatever words say it is a folder', () => {
    expect(['the ledger/out folder', 'files in `ledger/out/`', 'ledger directory (`ledger/out`)', 'ledger/out dir', 'ledger/out/', '`out/`', 'the spool directory `var/spool`']
      .map(findDirectoryPath)).toEqual(['ledger/out/', 'ledger/out/', 'ledger/out/', 'ledger/out/', 'ledger/out/', 'out/', 'var/spool/']);
  });

  it('is not guessed from a file, a lone word, a URL, or two paths', () => {
    expect(['ledger/out', 'the out folder', 'the `ledger/day.csv` in the out folder', 'http://127.0.0.1:80/status/', 'the `a/in` and `a/out` folders']
      .map(findDirectoryPath)).toEqual([null, null, null, null, null]);
  });

  it('is replaced in a list cell, the other references kept', () => {
    expect(readFolderCell('the ledger/out folder, db, `conf/a.yaml`')).toBe('ledger/out/, db, `conf/a.yaml`');
    expect(readFolderCell('db and conf/a.yaml')).toBe('db and conf/a.yaml');
  });
});

describe('folders in a map', () => {
  it('in a README Workers table are read as the folder, not as a word or prose (was: `Unknown reference`, an error)', async () => {
    const map = await load(['## Workers', '', '| Worker | Command | Writes | Reads |', '|---|---|---|---|',
      '| minter | `node mint.js` | the ledger/out folder | — |',
      '| teller | `node tell.js` | — | files in `ledger/out/` |',
      '| keeper | `sh keep.sh` | — | ledger/out dir |', '']);
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(edges(map)).toEqual([
      ['minter', ['file:ledger/out'], []],
      ['teller', [], ['file:ledger/out']],
      ['keeper', [], ['file:ledger/out']],
    ]);
  });

  it('in a table under any heading are read as the folder, without a prose warning', async () => {
    const map = await load(['# Mint', '', '## What runs here', '', '| Name | Command | Writes | Reads |', '|---|---|---|---|',
      '| minter | `node mint.js` | the ledger/out folder | — |',
      '| teller | `node tell.js` | — | files in `ledger/out/` |', '',
      '## Where data lands', '', '| Path | Written by | Max age |', '|---|---|---|',
      '| the ledger/out directory | minter | 2h |', '']);
    expect(map.messages.map((m) => m.rule)).toEqual([]);
    expect(edges(map)).toEqual([['minter', ['file:ledger/out'], []], ['teller', [], ['file:ledger/out']]]);
    expect(map.model.files.map((f) => [f.path, f.producer, f.freshWithinMs])).toEqual([['ledger/out', 'worker:minter', 7_200_000]]);
  });

  it('written with a trailing slash in a sentence is a path, not ignored', async () => {
    const map = await load(['# Mint', '', '## Pieces', '', '**minter** — `node mint.js`.', '', '## Flow', '', '- minter writes to `spool/out/`', '']);
    expect(edges(map)).toEqual([['minter', ['file:spool/out'], []]]);
  });
});
