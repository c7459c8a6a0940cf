import { appendFileSync, existsSync, rmSync, utimesSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFileEvents } from '../../src/agent/data-file-events.js';
import { Debouncer } from '../../src/agent/debouncer.js';
import type { Detection } from '../../src/agent/detection.js';
import type { Diagnosis } from '../../src/diagnose/types.js';
import type { DependencyGraph } from '../../src/graph/build-graph.js';
import type { FileSpec } from '../../src/map/types.js';
import { TempProject, waitFor } from '../helpers/temp-project.js';

let project: TempProject;
let events: DataFileEvents | undefined;
let debouncer: Debouncer | undefined;
afterEach(async () => {
  events?.close();
  debouncer?.close();
  await project.cleanup();
});

function fileSpec(path: string, freshWithinMs = 600_000): FileSpec {
  return { kind: 'file', id: `file:${path}`, path, producer: null, freshWithinMs, critical: false, createWith: null, declared: true, place: { line: 1, column: 1 } };
}

describe('DataFileEvents', () => {
  it('reports a file deleted from a busy folder whose watch is resting, and nothing for the writes', async () => {
    project = new TempProject();
    const files = Array.from({ length: 30 }, (_, i) => fileSpec(`out/f${i}.jsonl`));
    for (const file of files) project.write(file.path, '');
    const graph = { nodes: new Map(files.map((f) => [f.id, f])) } as unknown as DependencyGraph;
    const detections: Detection[] = [];
    debouncer = new Debouncer(() => 50);
    events = new DataFileEvents(files, (p) => project.path(p), graph, debouncer, (d) => detections.push(d), (message) => { throw new Error(message); });
    events.observe({ components: files.map((f) => ({ id: f.id, kind: 'file', facts: { exists: true, mtimeMs: Date.now() } })) } as unknown as Diagnosis);

    // 30 writers appending a line every 10 ms, except to the file deleted below.
    const deleted = project.path('out/f5.jsonl');
    const writer = setInterval(() => {
      for (const file of files) if (file.path !== 'out/f5.jsonl' || existsSync(deleted)) appendFileSync(project.path(file.path), 'x\n');
    }, 10);
    try {
      await waitFor(() => events!.folderCounts.resting === 1, 10_000, 'the busy folder to rest');
      rmSync(deleted);
      await waitFor(() => detections.length > 0, 10_000, 'the deletion to be reported');
    } finally {
      clearInterval(writer);
    }
    expect(detections.map((d) => [d.id, d.trigger])).toEqual([['file:out/f5.jsonl', 'deleted']]);
    expect(events.folderCounts).toMatchObject({ watched: 1, declared: 1 });
  });

  it('reports a file past its deadline in a resting folder once, not at every poll, and again once written and stale again', async () => {
    project = new TempProject();
    const files = Array.from({ length: 30 }, (_, i) => fileSpec(`out/f${i}.jsonl`, i === 7 ? 1000 : 600_000));
    for (const file of files) project.write(file.path, '');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(project.path('out/f7.jsonl'), hourAgo, hourAgo);
    const graph = { nodes: new Map(files.map((f) => [f.id, f])) } as unknown as DependencyGraph;
    const detections: Detection[] = [];
    debouncer = new Debouncer(() => 50);
    events = new DataFileEvents(files, (p) => project.path(p), graph, debouncer, (d) => detections.push(d), (message) => { throw new Error(message); });
    // The cycle saw f7 already stale (its deadline is not armed: the cycle reported it).
    events.observe({ components: files.map((f) => ({ id: f.id, kind: 'file', facts: { exists: true, mtimeMs: f.path === 'out/f7.jsonl' ? hourAgo.getTime() : Date.now() } })) } as unknown as Diagnosis);
    const writer = setInterval(() => {
      for (const file of files) if (file.path !== 'out/f7.jsonl') appendFileSync(project.path(file.path), 'x\n');
    }, 10);
    try {
      await waitFor(() => events!.folderCounts.resting === 1, 10_000, 'the busy folder to rest');
      // Several polls of the resting folder read f7 (its deadline is not armed); it is reported once.
      await waitFor(() => detections.length >= 1, 10_000, 'the stale file to be reported');
      await new Promise((r) => setTimeout(r, 3500));
      expect(detections.map((d) => [d.id, d.trigger])).toEqual([['file:out/f7.jsonl', 'stale']]);
      // Written (its deadline re-armed by a poll), then stale again a second later: reported again.
      appendFileSync(project.path('out/f7.jsonl'), 'x\n');
      await waitFor(() => detections.length >= 2, 10_000, 'the second deadline to pass');
    } finally {
      clearInterval(writer);
    }
    expect(detections.map((d) => [d.id, d.trigger])).toEqual([['file:out/f7.jsonl', 'stale'], ['file:out/f7.jsonl', 'stale']]);
  });
});
