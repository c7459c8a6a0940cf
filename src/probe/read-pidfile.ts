import { readRegularInto, SMALL_FILE_MAX_BYTES, type ReadIntoStats } from '../fs/read-regular-file.js';

/** What a pidfile says: the pid, and when healmap wrote it, the start ticks, command and tree too. */
export interface PidRecord {
  pid: number;
  startTicks: number | null;
  command: string | null;
  /** The cgroup healmap started the worker in, if any. */
  cgroup: string | null;
  /** Process groups of the worker's tree (its launcher's, a daemon's own). */
  groups: number[];
  /** When the pidfile was last written (its mtime): the process must have started before. */
  writtenAtMs: number | null;
}

/**
 * Reads a pidfile: a bare number (as daemons write) or healmap's JSON record. A missing or
 * unreadable-as-pid file is null; other I/O errors (EACCES) are thrown for the caller's finding.
 */
export async function readPidfile(path: string): Promise<PidRecord | null> {
  let text: string;
  let writtenAtMs: number;
  try {
    // Small local files read synchronously (see readProcStat for why), into one shared buffer:
    // the agent reads 1,000 pidfiles a cycle.
    text = readSmallFile(path).trim();
    writtenAtMs = stats.mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (text.startsWith('{')) {
    try {
      const record = JSON.parse(text) as Partial<PidRecord>;
      if (!validPid(record.pid)) return null;
      const groups = Array.isArray(record.groups) ? record.groups.filter(validPid) : [];
      return { pid: record.pid, startTicks: record.startTicks ?? null, command: record.command ?? null, cgroup: typeof record.cgroup === 'string' ? record.cgroup : null, groups, writtenAtMs };
    } catch {
      return null;
    }
  }
  const pid = Number(/^\d+/.exec(text)?.[0]);
  return validPid(pid) ? { pid, startTicks: null, command: null, cgroup: null, groups: [], writtenAtMs } : null;
}

// One byte past the cap, so a file that fills it is known to be too large (EFBIG).
const buffer = Buffer.alloc(SMALL_FILE_MAX_BYTES + 1);
// The mtime of the file read last (filled by the fstat of the read: no second stat per pidfile).
const stats: ReadIntoStats = { mtimeMs: 0 };

// Only a regular file, never blocking (a FIFO) and never more than a few KiB (/dev/zero).
function readSmallFile(path: string): string {
  const length = readRegularInto(path, buffer, stats);
  return buffer.toString('utf8', 0, length);
}

function validPid(pid: unknown): pid is number {
  return typeof pid === 'number' && Number.isInteger(pid) && pid > 0;
}
