import { readRegularInto, SMALL_FILE_MAX_BYTES } from '../fs/read-regular-file.js';

/** What a pidfile says: the pid, and when healmap wrote it, the start ticks and command too. */
export interface PidRecord {
  pid: number;
  startTicks: number | null;
  command: string | null;
}

/**
 * Reads a pidfile: a bare number (as daemons write) or healmap's JSON record. A missing or
 * unreadable-as-pid file is null; other I/O errors (EACCES) are thrown for the caller's finding.
 */
export async function readPidfile(path: string): Promise<PidRecord | null> {
  let text: string;
  try {
    // Small local files read synchronously (see readProcStat for why), into one shared buffer:
    // the agent reads 1,000 pidfiles a cycle.
    text = readSmallFile(path).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (text.startsWith('{')) {
    try {
      const record = JSON.parse(text) as Partial<PidRecord>;
      return validPid(record.pid) ? { pid: record.pid, startTicks: record.startTicks ?? null, command: record.command ?? null } : null;
    } catch {
      return null;
    }
  }
  const pid = Number(/^\d+/.exec(text)?.[0]);
  return validPid(pid) ? { pid, startTicks: null, command: null } : null;
}

// One byte past the cap, so a file that fills it is known to be too large (EFBIG).
const buffer = Buffer.alloc(SMALL_FILE_MAX_BYTES + 1);

// Only a regular file, never blocking (a FIFO) and never more than a few KiB (/dev/zero).
function readSmallFile(path: string): string {
  const length = readRegularInto(path, buffer);
  return buffer.toString('utf8', 0, length);
}

function validPid(pid: unknown): pid is number {
  return typeof pid === 'number' && Number.isInteger(pid) && pid > 0;
}
