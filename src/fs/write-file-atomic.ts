import { lstat, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { UnsafeFileError } from '../errors.js';
import { confinePath } from './confine-path.js';
import { pinFolder, type PinnedFolder } from './pin-folder.js';
import { renameIntoPlace } from './rename-into-place.js';
import { writeTempFile } from './write-temp-file.js';

/** Options of {@link writeFileAtomic}; all optional. */
export interface WriteFileAtomicOptions {
  /** Refuse a target whose real location is outside this folder (the map's folder). */
  within?: string;
  /** Mode of the new file; default 0644 (less the umask). */
  mode?: number;
}

/**
 * Writes a file atomically: a temp file in the same folder, fsync, rename over the target, fsync
 * the folder. A crash at any moment leaves either the old content or the new, never half. A
 * target that is a symbolic link is refused (`ESYMLINK`), never replaced by a plain file nor
 * written through; with `within`, a target whose folder really lies outside it is refused
 * (`EOUTSIDE`) before any folder is created. The folder is opened once and checked (see
 * pinFolder), and the temp file, the rename and the folder's fsync all go through that open
 * folder: a parent swapped for a link to elsewhere after the check does not move the write, and a
 * real folder moved out of the map's folder just before the rename has the write undone
 * (renameIntoPlace).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): Promise<void> {
  if (options.within !== undefined) confinePath(options.within, path);
  const name = basename(path);
  const folder = await pinFolder(dirname(path), { within: options.within, create: true });
  try {
    await refuseSymlink(folder, name, path);
    const temp = await writeTempFile(folder, name, data, { mode: options.mode ?? 0o644, within: options.within });
    try {
      // Checked again just before the rename: a link put there meanwhile is still not replaced,
      // and a folder moved out of the map's folder meanwhile is not written into.
      await refuseSymlink(folder, name, path);
      await folder.recheck();
      // Checked once more after the rename, which no check can make one step with (see there).
      await renameIntoPlace(folder, temp, name);
    } catch (error) {
      await rm(folder.entry(temp), { force: true });
      throw folder.explain(error);
    }
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/** Refuses (`ESYMLINK`) when `name` in the pinned folder is a symbolic link; a missing one is fine. */
export async function refuseSymlink(folder: PinnedFolder, name: string, path: string): Promise<void> {
  const info = await lstat(folder.entry(name)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw folder.explain(error);
  });
  if (info?.isSymbolicLink()) throw new UnsafeFileError('ESYMLINK', `${path} is a symbolic link; healmap neither writes through nor replaces links`, path);
}
