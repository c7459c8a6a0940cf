import { constants, realpathSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { UnsafeFileError } from '../errors.js';
import { liesWithin, realLocation, type PinnedFolder } from './pin-folder.js';

/** How the temp file is made: its mode, optionally its owner, and the folder it must lie in. */
export interface TempFileOptions {
  /** Mode of the new file (less the umask, unless `exactMode`). */
  mode: number;
  /** Apply `mode` exactly with chmod (a replaced file keeps its bits whatever the umask). */
  exactMode?: boolean;
  /** Owner to give the file; refused quietly (EPERM) where only root may give files away. */
  owner?: { uid: number; gid: number };
  /** The map's folder: the opened file must really lie inside it. */
  within?: string;
}

// The temp file is new (O_EXCL) and never a link (O_NOFOLLOW).
const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Writes `data` to a new temp file in `folder`, named after `target` (`.name.PID.RANDOM.tmp`),
 * fsyncs and closes it, and returns its name (reach it with `folder.entry(name)`). The opened file's
 * real location is read back through `/proc/self/fd` and must lie inside `within` before a byte
 * is written; otherwise, as on any failure, the temp file is removed and the error thrown. The
 * caller renames or links it into place.
 */
export async function writeTempFile(folder: PinnedFolder, target: string, data: string | Uint8Array, options: TempFileOptions): Promise<string> {
  // node:crypto loaded at first use, not on import: a one-shot `check` never needs it.
  const name = `.${target.slice(0, 200)}.${process.pid}.${process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(folder.entry(name), TEMP_FLAGS, options.mode & 0o777).catch((error) => { throw folder.explain(error); });
  try {
    if (options.within !== undefined) {
      const real = await realLocation(handle);
      if (!liesWithin(real, realpathSync(options.within))) {
        throw new UnsafeFileError('EOUTSIDE', `${folder.path} resolves to ${real}, outside the map's folder ${options.within}; healmap changes nothing outside it`, folder.path);
      }
    }
    if (options.exactMode) await handle.chmod(options.mode);
    if (options.owner) await handle.chown(options.owner.uid, options.owner.gid).catch(ignoreEperm);
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(folder.entry(name), { force: true });
    throw folder.explain(error);
  }
  await handle.close();
  return name;
}

function ignoreEperm(error: NodeJS.ErrnoException): void {
  // Only root may give a file away; another user's healmap keeps its own ownership.
  if (error.code !== 'EPERM') throw error;
}
