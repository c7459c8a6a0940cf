import { rm } from 'node:fs/promises';
import { readOptionalText, SMALL_FILE_MAX_BYTES } from '../fs/read-regular-file.js';
import { basename, dirname, join } from 'node:path';
import { confinePath } from '../fs/confine-path.js';
import { pinFolder } from '../fs/pin-folder.js';
import { statePaths } from '../fs/state-paths.js';
import type { MapModel, WorkerSpec } from '../map/types.js';
import { lockPid, probeLock } from '../probe/probe-lock.js';
import { backupFile } from './backup-file.js';

/**
 * Removes a worker's lock file only when its whole content is a pid that is dead or a zombie;
 * never a live one, never a file holding anything else. The lock is backed up first, and left
 * alone if its content changed meanwhile (a new holder took it).
 */
export async function removeStaleLock(model: MapModel, worker: WorkerSpec): Promise<{ ok: boolean; detail: string }> {
  if (worker.lock === null) return { ok: true, detail: 'no lock declared' };
  const path = confinePath(model.rootDir, join(model.rootDir, worker.lock));
  const lock = await probeLock(path);
  if (!lock.exists) return { ok: true, detail: 'already gone' };
  if (lock.holder === 'alive') return { ok: false, detail: `held by live pid ${lock.pid}; left alone` };
  if (lock.holder === 'unreadable' || lock.pid === null) return { ok: false, detail: 'its content is not just a pid; left alone' };
  const backup = await backupFile(path, worker.lock, statePaths(model.rootDir).backups, { within: model.rootDir });
  // The backup is what we judged; remove the lock only if it still holds exactly that.
  const [judged, now] = await Promise.all([readOptionalText(backup, SMALL_FILE_MAX_BYTES), readOptionalText(path, SMALL_FILE_MAX_BYTES)]);
  if (now === null) return { ok: true, detail: `already gone; backup ${backup}` };
  if (now !== judged || lockPid(now) !== lock.pid) return { ok: false, detail: `changed while being removed; left alone (backup ${backup})` };
  // Removed through its folder opened and checked again now, so a swapped parent is not followed.
  const folder = await pinFolder(dirname(path), { within: model.rootDir });
  try {
    await rm(folder.entry(basename(path)), { force: true });
  } finally {
    await folder.close();
  }
  return { ok: true, detail: `removed (pid ${lock.pid} was ${lock.holder}); backup ${backup}` };
}
