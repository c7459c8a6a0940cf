import { copyFile, stat, truncate } from 'node:fs/promises';

/**
 * Keeps a worker log bounded: past `maxBytes` it is copied to `<log>.1` and truncated in place
 * (logrotate's copytruncate), so a running worker writing with O_APPEND keeps its descriptor.
 */
export async function rotateLog(path: string, maxBytes: number): Promise<boolean> {
  try {
    if ((await stat(path)).size <= maxBytes) return false;
  } catch {
    return false;
  }
  await copyFile(path, `${path}.1`);
  await truncate(path, 0);
  return true;
}
