import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UnsafeFileError } from '../errors.js';
import { confinePath } from './confine-path.js';

/** Options of {@link writeFileAtomic}; all optional. */
export interface WriteFileAtomicOptions {
  /** Refuse a target whose real location is outside this folder (the map's folder). */
  within?: string;
  /** Mode of the new file; default 0644 (less the umask). */
  mode?: number;
}

// The temp file is new (O_EXCL) and never a link (O_NOFOLLOW).
const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Writes a file atomically: a temp file in the same folder, fsync, rename over the target, fsync
 * the folder. A crash at any moment leaves either the old content or the new, never half. A
 * target that is a symbolic link is refused (`ESYMLINK`), never replaced by a plain file nor
 * written through; with `within`, a target whose folder really lies outside it is refused
 * (`EOUTSIDE`) before any folder is created.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): Promise<void> {
  if (options.within !== undefined) confinePath(options.within, path);
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  await refuseSymlink(path);
  const temp = join(dir, `.${basename(path).slice(0, 200)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, TEMP_FLAGS, options.mode ?? 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    // Checked again just before the rename: a link put there meanwhile is still not replaced.
    await refuseSymlink(path);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

async function refuseSymlink(path: string): Promise<void> {
  const info = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (info?.isSymbolicLink()) throw new UnsafeFileError('ESYMLINK', `${path} is a symbolic link; healmap neither writes through nor replaces links`, path);
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // some filesystems refuse fsync on a directory; the rename is still atomic
  }
}
