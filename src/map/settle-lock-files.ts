/**
 * A worker's lock that the map also names as a file ("the aligner takes `run/aligner.lock`",
 * or a freshness row for it) is one thing written twice, not data a stale-lock cleanup would
 * delete: when no other worker writes that file, it is read as the worker's own lock. A file only
 * named (no producer, no freshness) disappears into the lock; otherwise lint says which reading it
 * chose. A lock that names a config or another worker's output stays an error (check-reserved-paths).
 */
import { formatPlace, type MessageSink } from './messages.js';
import type { ComponentId, FileSpec, WorkerSpec } from './types.js';

/** Reads lock paths also named as files as the worker's lock; returns the ids of the workers settled so. */
export function settleLockFiles(workers: Map<ComponentId, WorkerSpec>, files: Map<ComponentId, FileSpec>, mapLabel: string, sink: MessageSink): Set<ComponentId> {
  const settled = new Set<ComponentId>();
  for (const worker of workers.values()) {
    if (worker.lock === null) continue;
    const id: ComponentId = `file:${worker.lock}`;
    const file = files.get(id);
    if (!file || (file.producer !== null && file.producer !== worker.id)) continue;
    // The worker does not wait for its own lock: that would make an idle worker look blocked.
    worker.dependsOn = worker.dependsOn.filter((dep) => dep !== id);
    const stillNamed = [...workers.values()].some((w) => w.dependsOn.includes(id) || w.produces.includes(id));
    settled.add(worker.id);
    if (!file.declared && file.freshWithinMs === null && file.producer === null && !stillNamed) {
      files.delete(id);
      continue;
    }
    const why = file.freshWithinMs === null ? '' : '; its freshness is still checked';
    sink.warning('lock-also-file', `\`${worker.lock}\` is the lock of worker \`${worker.name}\` and is named as a file at ${formatPlace(mapLabel, file.place)}; read as that worker's lock (deleted when stale and no process holds it)${why}`, file.place);
  }
  return settled;
}
