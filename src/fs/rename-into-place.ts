import { link, rename, rm, unlink } from 'node:fs/promises';
import { UnsafeFileError } from '../errors.js';
import type { PinnedFolder } from './pin-folder.js';

/**
 * Renames `temp` over `name` in a pinned folder, then reads back where the folder really is. Node
 * has no renameat2 or lock that makes "check the folder, then rename" one step, so a real folder
 * moved out of the map's folder in between gets the write; that is found right after the rename
 * and undone: the file it replaced (kept meanwhile under a hard link) is put back, or a file that
 * did not exist is removed again, and `EOUTSIDE` is thrown, saying so. A pinned folder without a
 * `within` has nothing to leave and is renamed into as it is.
 */
export async function renameIntoPlace(folder: PinnedFolder, temp: string, name: string): Promise<void> {
  const kept = await keepOld(folder, name);
  try {
    await rename(folder.entry(temp), folder.entry(name));
    await verifyStillInside(folder, async () => {
      if (kept === 'none') await unlink(folder.entry(name));
      else if (kept !== 'unknown') await rename(folder.entry(kept), folder.entry(name));
      return kept === 'unknown' ? 'the file it replaced could not be kept to put back' : 'the write was undone';
    });
  } finally {
    if (kept !== 'none' && kept !== 'unknown') await rm(folder.entry(kept), { force: true });
  }
}

/**
 * Checks the pinned folder still lies inside the map's folder after a change made in it; when it
 * does not, runs `undo` (whose failure is reported, never thrown over the finding) and throws
 * `EOUTSIDE` naming where the folder went and what the undo did.
 */
export async function verifyStillInside(folder: PinnedFolder, undo: () => Promise<string>): Promise<void> {
  try {
    await folder.recheck();
  } catch (error) {
    if (!(error instanceof UnsafeFileError)) throw error;
    const undone = await undo().catch((e: NodeJS.ErrnoException) => `undoing it failed (${e.code ?? e.message})`);
    throw new UnsafeFileError('EOUTSIDE', `${error.message}; it was moved there while healmap wrote in it: ${undone}`, error.path, { cause: error });
  }
}

// A second name for the file about to be replaced, so it can be put back: 'none' when there is no
// such file, 'unknown' when the folder refuses hard links (the write goes on, without an undo).
async function keepOld(folder: PinnedFolder, name: string): Promise<string> {
  // node:crypto loaded at first use, not on import: a one-shot `check` never needs it.
  const kept = `.${name.slice(0, 200)}.${process.pid}.${process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')}.old`;
  try {
    await link(folder.entry(name), folder.entry(kept));
    return kept;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'none';
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EMLINK') return 'unknown';
    throw folder.explain(error);
  }
}
