import { readFileSync } from 'node:fs';

/** What /proc/<pid>/stat says of a process: its state letter, start and resident memory. */
export interface ProcStat {
  pid: number;
  /** `R`, `S`, `D`, `T` (stopped), `Z` (zombie), `X` (dead)... */
  state: string;
  ppid: number;
  /** Process group id; equal to pid when the process leads its group (healmap-started workers). */
  pgid: number;
  /** User plus system CPU time consumed, in clock ticks. */
  cpuTicks: number;
  /** Start time in clock ticks since boot; with the pid, identifies one process for good. */
  startTicks: number;
  rssBytes: number;
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on every Linux architecture Node runs on
const PAGE_BYTES = 4096;

/**
 * Reads /proc/<pid>/stat; null when the process does not exist (ESRCH-like) or /proc is absent.
 * Synchronous on purpose: procfs answers from memory, and an async read costs four thread-pool
 * round trips, which dominated the check of a 1,000-worker map.
 */
export async function readProcStat(pid: number): Promise<ProcStat | null> {
  return readProcStatSync(pid);
}

/** The synchronous form of {@link readProcStat}, for tight loops. */
export function readProcStatSync(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH' || code === 'ENOTDIR') return null;
    throw error;
  }
  // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    pid,
    state: fields[0] ?? '?',
    ppid: Number(fields[1]),
    pgid: Number(fields[2]),
    cpuTicks: Number(fields[11]) + Number(fields[12]),
    startTicks: Number(fields[19]),
    rssBytes: Number(fields[21]) * PAGE_BYTES,
  };
}

/** Seconds since boot, for turning start ticks into an uptime. */
export async function readUptimeSeconds(): Promise<number | null> {
  try {
    return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

/** How long a process has been running, from its start ticks and the system uptime. */
export function processUptimeMs(stat: ProcStat, uptimeSeconds: number | null): number | null {
  if (uptimeSeconds === null) return null;
  return Math.max(0, Math.round((uptimeSeconds - stat.startTicks / CLOCK_TICKS_PER_SECOND) * 1000));
}

/** True when a process is gone for any purpose healmap cares about: missing, zombie or dead. */
export function isDeadState(stat: ProcStat | null): boolean {
  return stat === null || stat.state === 'Z' || stat.state === 'X' || stat.state === 'x';
}

/** Lifetime average CPU use in percent (what `ps` shows as %CPU), from /proc figures. */
export function processCpuPercent(stat: ProcStat, uptimeSeconds: number | null): number | null {
  if (uptimeSeconds === null) return null;
  const alive = uptimeSeconds - stat.startTicks / CLOCK_TICKS_PER_SECOND;
  return alive > 0 ? Math.round(((stat.cpuTicks / CLOCK_TICKS_PER_SECOND) / alive) * 1000) / 10 : 0;
}

/** Reads the full command line of a process (NUL-separated argv); null when it is gone. */
export async function readCmdline(pid: number): Promise<string[] | null> {
  try {
    const text = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return text.split('\0').filter((part, i, all) => part !== '' || i < all.length - 1);
  } catch {
    return null;
  }
}
