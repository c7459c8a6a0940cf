import { lstatSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { createMissingFile } from '../../src/repair/create-file.js';
import { runCli } from '../helpers/run-cli.js';
import { TempProject } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(async () => project?.cleanup());

// A Files table naming `spool/out/`, and a worker that "writes into the data/exports folder" in words.
const TABLE_MAP = ['## Files', '', '| Path | Freshness |', '|---|---|', '| `spool/out/` | 1h |', ''].join('\n');
const WORDS_MAP = ['## Workers', '', '| Worker | Command | Writes |', '|---|---|---|', '| exporter | `sh export.sh` | the data/exports folder |', ''].join('\n');
const SENTENCE_MAP = ['# Mint', '', '## Pieces', '', '**exporter** — `sh export.sh`.', '', '## Flow', '', '- exporter writes into the data/exports folder', ''].join('\n');

async function modelOf(map: string) {
  project.write('ARCHITECTURE_MAP.md', map);
  const loaded = await loadMapText(map, { mapPath: project.path('ARCHITECTURE_MAP.md') });
  expect(loaded.messages.filter((m) => m.severity === 'error')).toEqual([]);
  return loaded.model;
}

describe('a folder the map names', () => {
  it('is marked a folder in the model, from a trailing slash or from words', async () => {
    project = new TempProject();
    expect((await modelOf(TABLE_MAP)).files.map((f) => [f.path, f.folder])).toEqual([['spool/out', true]]);
    expect((await modelOf(WORDS_MAP)).files.map((f) => [f.path, f.folder])).toEqual([['data/exports', true]]);
    expect((await modelOf(SENTENCE_MAP)).files.map((f) => [f.path, f.folder])).toEqual([['data/exports', true]]);
    const plain = await modelOf(['## Files', '', '| Path |', '|---|', '| `spool/out.log` |', ''].join('\n'));
    expect(plain.files.map((f) => [f.path, f.folder])).toEqual([['spool/out.log', undefined]]);
  });

  it('is created as a folder when missing (was: an empty file, so the writer failed with ENOTDIR)', async () => {
    project = new TempProject();
    for (const [map, path] of [[TABLE_MAP, 'spool/out'], [WORDS_MAP, 'data/exports'], [SENTENCE_MAP.replace('data/exports', 'out/exports'), 'out/exports']] as const) {
      const model = await modelOf(map);
      const file = model.files.find((f) => f.path === path);
      expect(await createMissingFile(model, file!)).toEqual({ ok: true, created: true, detail: 'created folder' });
      expect(statSync(project.path(path)).isDirectory()).toBe(true);
      // The worker can write into it.
      writeFileSync(project.path(`${path}/day.csv`), 'a,b\n');
      // Once there, it is left alone (its entries kept).
      expect(await createMissingFile(model, file!)).toMatchObject({ ok: true, created: false });
      expect(readFileSync(project.path(`${path}/day.csv`), 'utf8')).toBe('a,b\n');
    }
  });

  it('never replaces a file at that path, and never gets content', async () => {
    project = new TempProject();
    const model = await modelOf(TABLE_MAP);
    const file = model.files[0]!;
    project.write('spool/out', 'not a folder\n');
    const result = await createMissingFile(model, file);
    expect(result).toMatchObject({ ok: false, created: false });
    expect(result.detail).toContain('names a folder');
    expect(readFileSync(project.path('spool/out'), 'utf8')).toBe('not a folder\n');
    const withContent = { ...file, path: 'spool/in', createWith: 'x' };
    expect(await createMissingFile(model, withContent)).toMatchObject({ ok: true, created: true });
    expect(statSync(project.path('spool/in')).isDirectory()).toBe(true);
  });

  it('is created as a folder by `healmap heal`, inside the map folder', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': TABLE_MAP });
    mkdirSync(project.path('spool'));
    const heal = await runCli(['heal'], { cwd: project.dir });
    expect(heal.stdout + heal.stderr).toContain('created folder');
    expect(lstatSync(project.path('spool/out')).isDirectory()).toBe(true);
  });

  it('shows as a folder in `healmap graph --format json`', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': TABLE_MAP.replace('| 1h |', '| 1h |\n| `spool/day.csv` | 1h |') });
    const graph = JSON.parse((await runCli(['graph', '--format', 'json'], { cwd: project.dir })).stdout) as { nodes: { path?: string; folder?: boolean }[] };
    expect(graph.nodes.filter((n) => n.path !== undefined).map((n) => [n.path, n.folder ?? false]).sort()).toEqual([['spool/day.csv', false], ['spool/out', true]]);
  });
});
