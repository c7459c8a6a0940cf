import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderWatcher } from '../../src/agent/folder-watcher.js';
import { TempProject, waitFor } from '../helpers/temp-project.js';

let project: TempProject;
let watcher: FolderWatcher;
afterEach(async () => {
  watcher.close();
  await project.cleanup();
});

describe('FolderWatcher', () => {
  it('reports writes, replacements by rename and deletions of files in a folder of 2,000', async () => {
    project = new TempProject();
    for (let i = 0; i < 2000; i++) project.write(`out/f${i}.jsonl`, '{}\n');
    const seen: string[] = [];
    watcher = new FolderWatcher((folder, name) => seen.push(join(folder, name)), () => {}, (_folder, error) => { throw error; });
    expect(watcher.watch(project.path('out'))).toBe(true);
    expect(watcher.watch(project.path('missing'))).toBe(false);
    expect(watcher.size).toBe(1);

    writeFileSync(project.path('out/f7.jsonl'), '{"n":1}\n', { flag: 'a' });
    await waitFor(() => seen.includes(project.path('out/f7.jsonl')), 3000, 'the append');
    writeFileSync(project.path('out/f8.jsonl.tmp'), '{}\n');
    renameSync(project.path('out/f8.jsonl.tmp'), project.path('out/f8.jsonl'));
    await waitFor(() => seen.includes(project.path('out/f8.jsonl')), 3000, 'the replacement');
    rmSync(project.path('out/f9.jsonl'));
    await waitFor(() => seen.includes(project.path('out/f9.jsonl')), 3000, 'the deletion');
    expect(seen.filter((p) => /f\d+\.jsonl$/.test(p) && !/f[789]\.jsonl$/.test(p))).toEqual([]);
  });

  it('stops reporting once unwatched', async () => {
    project = new TempProject({ 'out/a.jsonl': '' });
    const seen: string[] = [];
    watcher = new FolderWatcher((folder, name) => seen.push(join(folder, name)), () => {}, () => {});
    watcher.watch(project.path('out'));
    watcher.unwatch(project.path('out'));
    writeFileSync(project.path('out/a.jsonl'), 'x');
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([]);
    expect(watcher.size).toBe(0);
  });
});
