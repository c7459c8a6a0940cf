import { readRegularFile, SMALL_FILE_MAX_BYTES } from '../fs/read-regular-file.js';
import { isDeadState, readProcStat } from './proc-stat.js';

/** What healmap sees of a lock file: whether it exists and whether its holder lives. */
export interface LockProbe {
  exists: boolean;
  pid: number | null;
  /** `alive` is fine; `dead` or `zombie` holders make the lock stale; `unreadable` has no pid. */
  holder: 'alive' | 'dead' | 'zombie' | 'unreadable' | null;
}

/**
 * Reads the pid recorded in a lock file and checks it. Only a file whose whole content is a pid
 * (whitespace and a newline allowed) counts: anything else may be data, so it is `unreadable`.
 */
export async function probeLock(path: string): Promise<LockProbe> {
  let text: string;
  try {
    text = (await readRegularFile(path, SMALL_FILE_MAX_BYTES)).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false, pid: null, holder: null };
    throw error;
  }
  const pid = lockPid(text);
  if (pid === null) return { exists: true, pid: null, holder: 'unreadable' };
  const stat = await readProcStat(pid);
  const holder = stat?.state === 'Z' ? 'zombie' : isDeadState(stat) ? 'dead' : 'alive';
  return { exists: true, pid, holder };
}

/** The pid a lock file's text records: only when the whole text is a decimal pid, else null. */
export function lockPid(text: string): number | null {
  const match = /^\s*([1-9]\d{0,9})\s*$/.exec(text);
  const pid = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(pid) && pid <= 4_194_304 ? pid : null;
}
