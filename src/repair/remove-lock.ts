import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { confinePath } from '../fs/confine-path.js';
import type { MapModel, WorkerSpec } from '../map/types.js';
import { probeLock } from '../probe/probe-lock.js';

/** Removes a worker's lock file only when its recorded pid is dead or a zombie; never a live one. */
export async function removeStaleLock(model: MapModel, worker: WorkerSpec): Promise<{ ok: boolean; detail: string }> {
  if (worker.lock === null) return { ok: true, detail: 'no lock declared' };
  const path = confinePath(model.rootDir, join(model.rootDir, worker.lock));
  const lock = await probeLock(path);
  if (!lock.exists) return { ok: true, detail: 'already gone' };
  if (lock.holder === 'alive') return { ok: false, detail: `held by live pid ${lock.pid}; left alone` };
  if (lock.holder === 'unreadable') return { ok: false, detail: 'records no pid; left alone' };
  await rm(path, { force: true });
  return { ok: true, detail: `removed (pid ${lock.pid} was ${lock.holder})` };
}
