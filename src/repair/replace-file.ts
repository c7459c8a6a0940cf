import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UnsafeFileError } from '../errors.js';
import { confinePath } from '../fs/confine-path.js';
import { seenFile, type SeenFile } from '../probe/read-settled-file.js';

/** Why a replacement did not happen: the file changed (or appeared) after healmap read it. */
export type ReplaceOutcome = { ok: true } | { ok: false; why: string };

/**
 * Writes `data` to `path` atomically (temp file in the same folder, fsync, rename, fsync the
 * folder), with the permissions and owner of the file it replaces (`mode` for a new file), and
 * only if the file is still as `seen` just before the rename: a file someone wrote meanwhile is
 * left alone. `seen` null means the file must not exist (it is linked into place, never over one).
 */
export async function replaceFileIfUnchanged(path: string, data: string, seen: SeenFile | null | 'any', options: { within?: string; mode?: number } = {}): Promise<ReplaceOutcome> {
  if (options.within !== undefined) confinePath(options.within, path);
  const mode = options.mode ?? 0o644;
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fileMode = seen !== null && seen !== 'any' ? seen.mode : mode;
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, fileMode & 0o777);
  try {
    await handle.chmod(fileMode);
    if (seen !== null && seen !== 'any') await handle.chown(seen.uid, seen.gid).catch(ignoreEperm);
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    if (seen === null) {
      // link() refuses to replace: a file created meanwhile is kept.
      await link(temp, path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') throw new Changed('it was created meanwhile');
        throw error;
      });
    } else {
      if (seen !== 'any') {
        const info = await lstat(path).catch(() => { throw new Changed('it was removed meanwhile'); });
        if (info.isSymbolicLink()) throw new UnsafeFileError('ESYMLINK', `${path} is a symbolic link; healmap neither writes through nor replaces links`, path);
        const now = seenFile(info);
        if (now.ino !== seen.ino || now.size !== seen.size || now.mtimeMs !== seen.mtimeMs) throw new Changed('it was written meanwhile');
      }
      await rename(temp, path);
    }
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof Changed) return { ok: false, why: error.message };
    throw error;
  }
  if (seen === null) await rm(temp, { force: true });
  await syncDir(dir);
  return { ok: true };
}

class Changed extends Error {}

function ignoreEperm(error: NodeJS.ErrnoException): void {
  // Only root may give a file away; another user's healmap keeps its own ownership.
  if (error.code !== 'EPERM') throw error;
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
