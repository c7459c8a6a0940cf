import { copyFile, constants, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pinFolder } from '../fs/pin-folder.js';
import { verifyStillInside } from '../fs/rename-into-place.js';
import { safeName } from '../fs/state-paths.js';

/**
 * Copies a file into the backups folder under a timestamped name that is never overwritten
 * (COPYFILE_EXCL, which never follows a link either; a counter is added on a clash). With `within`
 * (the map's folder) the backups folder is opened and checked once (pinFolder) and the copy made
 * through it, and a folder moved out meanwhile has the copy removed again (EOUTSIDE). Returns the
 * backup's path.
 */
export async function backupFile(source: string, relativePath: string, backupsDir: string, options: { within?: string; now?: Date } = {}): Promise<string> {
  const folder = await pinFolder(backupsDir, { within: options.within, create: true });
  try {
    const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
    for (let n = 0; ; n++) {
      const name = `${safeName(relativePath)}.${stamp}${n === 0 ? '' : `.${n}`}.bak`;
      try {
        await copyFile(source, folder.entry(name), constants.COPYFILE_EXCL);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw folder.explain(error);
        continue;
      }
      await verifyStillInside(folder, async () => {
        await rm(folder.entry(name), { force: true });
        return 'the copy made there was removed';
      });
      return join(backupsDir, name);
    }
  } finally {
    await folder.close();
  }
}
