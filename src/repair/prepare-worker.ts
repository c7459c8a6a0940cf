/**
 * What a worker needs before it starts: its environment and account (read by
 * probe/worker-environment.ts) and the parent folders of its declared pidfile, lock, log and outputs.
 */
import { chownSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { MapModel, WorkerSpec } from '../map/types.js';
import { mapPaths } from '../fs/state-paths.js';
import { readWorkerEnvironment, type RunAs, type WorkerEnvironment } from '../probe/worker-environment.js';

/** A worker ready to launch, or why it cannot be. */
export type PreparedWorker = WorkerEnvironment;

/** Reads the env file, resolves the user and creates the folders a worker writes into. */
export async function prepareWorker(model: MapModel, worker: WorkerSpec): Promise<PreparedWorker> {
  const prepared = await readWorkerEnvironment(model, worker);
  if (!prepared.ok) return prepared;
  const paths = mapPaths(model);
  const owned = [worker.pidfile, worker.lock, ...worker.produces.map((id) => id.slice('file:'.length))].filter((p): p is string => p !== null);
  for (const path of owned) await makeParents(paths.absolute(path), prepared.runAs);
  return prepared;
}

// Creates the parents of a path inside the map's folder; folders it creates belong to the user.
async function makeParents(path: string, runAs: RunAs | null): Promise<void> {
  const folder = dirname(path);
  const first = await mkdir(folder, { recursive: true });
  if (!first || !runAs) return;
  const created = relative(dirname(first), folder).split(sep);
  for (let i = 1; i <= created.length; i++) chownSync(join(dirname(first), ...created.slice(0, i)), runAs.uid, runAs.gid);
}
