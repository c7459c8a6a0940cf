import { copyFile, mkdir, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { safeName } from '../fs/state-paths.js';

/**
 * Copies a file into the backups folder under a timestamped name that is never overwritten
 * (COPYFILE_EXCL; a counter is added on a clash). Returns the backup's path.
 */
export async function backupFile(source: string, relativePath: string, backupsDir: string, now = new Date()): Promise<string> {
  await mkdir(backupsDir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (let n = 0; ; n++) {
    const target = join(backupsDir, `${safeName(relativePath)}.${stamp}${n === 0 ? '' : `.${n}`}.bak`);
    try {
      await copyFile(source, target, constants.COPYFILE_EXCL);
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
