import { readRegularFile, SMALL_FILE_MAX_BYTES } from '../fs/read-regular-file.js';
import { isDeadState, readProcStat } from './proc-stat.js';

/** What healmap sees of a lock file: whether it exists and whether its holder lives. */
export interface LockProbe {
  exists: boolean;
  pid: number | null;
  /** `alive` is fine; `dead` or `zombie` holders make the lock stale; `unreadable` has no pid. */
  holder: 'alive' | 'dead' | 'zombie' | 'unreadable' | null;
}

/** Reads the pid recorded in a lock file (a number, or JSON with `pid`) and checks it. */
export async function probeLock(path: string): Promise<LockProbe> {
  let text: string;
  try {
    text = (await readRegularFile(path, SMALL_FILE_MAX_BYTES)).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false, pid: null, holder: null };
    throw error;
  }
  const pid = Number(/"pid"\s*:\s*(\d+)/.exec(text)?.[1] ?? /^\s*(\d+)/.exec(text)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0) return { exists: true, pid: null, holder: 'unreadable' };
  const stat = await readProcStat(pid);
  const holder = stat?.state === 'Z' ? 'zombie' : isDeadState(stat) ? 'dead' : 'alive';
  return { exists: true, pid, holder };
}
