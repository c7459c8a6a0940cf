import { link, lstat, rm, unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { confinePath } from '../fs/confine-path.js';
import { pinFolder } from '../fs/pin-folder.js';
import { renameIntoPlace, verifyStillInside } from '../fs/rename-into-place.js';
import { refuseSymlink } from '../fs/write-file-atomic.js';
import { writeTempFile } from '../fs/write-temp-file.js';
import { seenFile, type SeenFile } from '../probe/read-settled-file.js';

/** Why a replacement did not happen: the file changed (or appeared) after healmap read it. */
export type ReplaceOutcome = { ok: true } | { ok: false; why: string };

/**
 * Writes `data` to `path` atomically (temp file in the same folder, fsync, rename, fsync the
 * folder), with the permissions and owner of the file it replaces (`mode` for a new file), and
 * only if the file is still as `seen` just before the rename: a file someone wrote meanwhile is
 * left alone. `seen` null means the file must not exist (it is linked into place, never over one).
 * Like writeFileAtomic, everything goes through the folder opened and checked once (pinFolder).
 */
export async function replaceFileIfUnchanged(path: string, data: string, seen: SeenFile | null | 'any', options: { within?: string; mode?: number } = {}): Promise<ReplaceOutcome> {
  if (options.within !== undefined) confinePath(options.within, path);
  const name = basename(path);
  const known = seen !== null && seen !== 'any' ? seen : null;
  const folder = await pinFolder(dirname(path), { within: options.within, create: true });
  try {
    const temp = await writeTempFile(folder, name, data, {
      mode: known ? known.mode : options.mode ?? 0o644,
      exactMode: true,
      ...(known ? { owner: { uid: known.uid, gid: known.gid } } : {}),
      within: options.within,
    });
    try {
      await folder.recheck();
      if (seen === null) {
        // link() refuses to replace: a file created meanwhile is kept.
        await link(folder.entry(temp), folder.entry(name)).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'EEXIST') throw new Changed('it was created meanwhile');
          throw error;
        });
        // A folder moved out of the map's folder just before the link: the new file goes again.
        await verifyStillInside(folder, async () => {
          await unlink(folder.entry(name));
          return 'the file made there was removed';
        });
      } else {
        await refuseSymlink(folder, name, path);
        if (known) {
          const info = await lstat(folder.entry(name)).catch(() => { throw new Changed('it was removed meanwhile'); });
          const now = seenFile(info);
          if (now.ino !== known.ino || now.size !== known.size || now.mtimeMs !== known.mtimeMs) throw new Changed('it was written meanwhile');
        }
        await renameIntoPlace(folder, temp, name);
      }
    } catch (error) {
      await rm(folder.entry(temp), { force: true });
      if (error instanceof Changed) return { ok: false, why: error.message };
      throw folder.explain(error);
    }
    if (seen === null) await rm(folder.entry(temp), { force: true });
    await folder.sync();
    return { ok: true };
  } finally {
    await folder.close();
  }
}

class Changed extends Error {}
