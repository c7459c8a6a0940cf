import { statSync } from 'node:fs';
import { copyFile, truncate } from 'node:fs/promises';

/**
 * Keeps a worker log bounded: past `maxBytes` it is copied to `<log>.1` and truncated in place
 * (logrotate's copytruncate), so a running worker writing with O_APPEND keeps its descriptor.
 */
export async function rotateLog(path: string, maxBytes: number): Promise<boolean> {
  try {
    // A synchronous stat: the agent checks every worker's log each cycle, most of them small or
    // absent, and a missing log must not cost an exception.
    const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    if (size <= maxBytes) return false;
  } catch {
    return false;
  }
  await copyFile(path, `${path}.1`);
  await truncate(path, 0);
  return true;
}
