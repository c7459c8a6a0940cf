import { appendFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
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

  it('while resting, lists the folder only when an entry appears or vanishes, never for writes', async () => {
    project = new TempProject();
    for (let i = 0; i < 20; i++) project.write(`out/f${i}.jsonl`, '');
    // The folder's own mtime an hour old: no recent change that a coarse clock could hide.
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(project.path('out'), hourAgo, hourAgo);
    const polls: boolean[] = [];
    watcher = new FolderWatcher(() => {}, () => {}, (_folder, error) => { throw error; }, (_folder, listing) => polls.push(listing), { events: 10, restMs: 60_000, pollMs: 50 });
    watcher.watch(project.path('out'));
    let writes = 0;
    const writer = setInterval(() => {
      for (let i = 0; i < 20; i++) appendFileSync(project.path(`out/f${i}.jsonl`), 'x\n');
      writes += 20;
    }, 10);
    try {
      await waitFor(() => polls.length >= 10, 20_000, 'ten polls of the resting folder');
      expect(watcher.resting).toBe(1);
      // The first poll of a rest lists (events queued when the watch closed are lost); the writes since change nothing.
      expect(polls[0]).toBe(true);
      expect(polls.slice(1).filter((listing) => listing)).toEqual([]);
      expect(writes).toBeGreaterThan(100);
      const before = polls.length;
      rmSync(project.path('out/f3.jsonl'));
      await waitFor(() => polls.slice(before).includes(true), 10_000, 'a listing after the deletion');
    } finally {
      clearInterval(writer);
    }
  });

  it('rests a folder that is busy again as soon as it is watched twice as long, up to the cap', async () => {
    project = new TempProject();
    for (let i = 0; i < 20; i++) project.write(`out/f${i}.jsonl`, '');
    const rests = new Set<number>();
    watcher = new FolderWatcher(() => {}, () => {}, (_folder, error) => { throw error; }, () => {}, { events: 10, restMs: 100, maxRestMs: 400, pollMs: 50 });
    watcher.watch(project.path('out'));
    const writer = setInterval(() => {
      for (let i = 0; i < 20; i++) appendFileSync(project.path(`out/f${i}.jsonl`), 'x\n');
      const rest = watcher.restMsOf(project.path('out'));
      if (rest !== null) rests.add(rest);
    }, 5);
    try {
      await waitFor(() => rests.has(400), 20_000, 'the rest to reach its cap');
    } finally {
      clearInterval(writer);
    }
    expect([...rests].sort((a, b) => a - b)).toEqual([100, 200, 400]);
    // Quiet again: the folder is watched, and its next busy spell starts with the shortest rest.
    await waitFor(() => watcher.resting === 0, 5000, 'the rest to end');
    await new Promise((r) => setTimeout(r, 2500));
    for (let round = 0; round < 3 && watcher.resting === 0; round++) {
      for (let i = 0; i < 20; i++) appendFileSync(project.path(`out/f${i}.jsonl`), 'y\n');
      await new Promise((r) => setTimeout(r, 20));
    }
    await waitFor(() => watcher.resting === 1, 5000, 'a new busy spell');
    expect(watcher.restMsOf(project.path('out'))).toBe(100);
  });
});
