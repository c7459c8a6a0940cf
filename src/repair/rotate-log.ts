import { randomBytes } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { constants, copyFile, open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { pinFolder } from '../fs/pin-folder.js';
import { renameIntoPlace } from '../fs/rename-into-place.js';

/**
 * Keeps a worker log bounded: past `maxBytes` it is copied to `<log>.1` and truncated in place
 * (logrotate's copytruncate), so a running worker writing with O_APPEND keeps its descriptor.
 * Only a regular file is rotated, never through a link: the copy replaces `<log>.1` by rename
 * (a link planted there is replaced, not written through) and both go through the logs folder
 * opened and checked once (pinFolder, with `within` the map's folder).
 */
export async function rotateLog(path: string, maxBytes: number, within?: string): Promise<boolean> {
  // A synchronous lstat: the agent checks every worker's log each cycle, most of them small or
  // absent, and a missing log must not cost an exception.
  const info = lstatSync(path, { throwIfNoEntry: false });
  if (!info?.isFile() || info.size <= maxBytes) return false;
  const name = basename(path);
  const folder = await pinFolder(dirname(path), { within });
  try {
    const log = await open(folder.entry(name), constants.O_WRONLY | constants.O_NOFOLLOW);
    try {
      if (!(await log.stat()).isFile()) return false;
      const temp = `.${name}.1.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await copyFile(folder.entry(name), folder.entry(temp), constants.COPYFILE_EXCL);
      await renameIntoPlace(folder, temp, `${name}.1`);
      await log.truncate(0);
    } finally {
      await log.close();
    }
    return true;
  } catch (error) {
    throw folder.explain(error);
  } finally {
    await folder.close();
  }
}
