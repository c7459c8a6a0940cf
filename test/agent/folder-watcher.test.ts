import { appendFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

  it('rests a busy folder\'s watch (far fewer wake-ups than writes), then resyncs it and reports again', async () => {
    project = new TempProject();
    for (let i = 0; i < 20; i++) project.write(`out/f${i}.jsonl`, '');
    let reported = 0;
    const resynced: string[] = [];
    watcher = new FolderWatcher(() => (reported += 1), () => {}, (_folder, error) => { throw error; }, (folder) => resynced.push(folder), { events: 10, restMs: 200 });
    watcher.watch(project.path('out'));
    // 20 writers appending a line each 10 ms: about 2,000 writes a second into one folder.
    let writes = 0;
    const writer = setInterval(() => {
      for (let i = 0; i < 20; i++) appendFileSync(project.path(`out/f${i}.jsonl`), 'x\n');
      writes += 20;
    }, 10);
    try {
      await waitFor(() => writes >= 2000 && resynced.length >= 2, 20_000, '2,000 writes and two rests');
    } finally {
      clearInterval(writer);
    }
    expect(resynced[0]).toBe(project.path('out'));
    // Without rests every write is an event; with them at most ten per rest (and the rests are few).
    expect(reported).toBeLessThan(writes / 4);
    // Once quiet, the folder is watched again: a single write is reported.
    await waitFor(() => watcher.resting === 0, 5000, 'the rest to end');
    const before = reported;
    appendFileSync(project.path('out/f0.jsonl'), 'y\n');
    await waitFor(() => reported > before, 3000, 'the write after the rest');
    expect(watcher.size).toBe(1);
  });
});
