import { readFileSync } from 'node:fs';
import { readInto } from './read-into.js';

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

// One buffer for every read: a stat line is a few hundred bytes, and the agent reads 1,000 a cycle.
const buffer = Buffer.alloc(4096);
const SPACE = 0x20;
const NEWLINE = 0x0a;
const MINUS = 0x2d;
const ZERO = 0x30;
const CLOSE_PAREN = 0x29;

/**
 * The state letter (as a byte) of a /proc/<pid>/stat line held in `buffer`: the command name
 * (field 2) may contain spaces and parentheses, so the state follows the last ')'. Null when the
 * line is cut short.
 */
export function statStateByte(buffer: Buffer, length: number): number | null {
  const close = buffer.lastIndexOf(CLOSE_PAREN, length - 1);
  return close >= 0 && close + 2 < length ? (buffer[close + 2] ?? null) : null;
}

/** The synchronous form of {@link readProcStat}, for tight loops. */
export function readProcStatSync(pid: number): ProcStat | null {
  let length: number;
  try {
    length = readInto(`/proc/${pid}/stat`, buffer);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH' || code === 'ENOTDIR') return null;
    throw error;
  }
  // Fields after the state are scanned in place (numbers accumulated byte by byte), not split
  // into strings.
  const stateByte = statStateByte(buffer, length);
  if (stateByte === null) return null;
  const close = buffer.lastIndexOf(CLOSE_PAREN, length - 1);
  const state = String.fromCharCode(stateByte);
  const fields: number[] = [];
  let value = 0;
  let sign = 1;
  for (let i = close + 4; i < length && fields.length <= RSS_FIELD; i++) {
    const byte = buffer[i] as number;
    if (byte === SPACE || byte === NEWLINE) {
      fields.push(sign * value);
      value = 0;
      sign = 1;
    } else if (byte === MINUS) {
      sign = -1; // tpgid, priority and nice may be negative
    } else {
      value = value * 10 + (byte - ZERO);
    }
  }
  // Indexes count from the ppid (field 4 of proc(5)).
  return {
    pid,
    state,
    ppid: fields[0] ?? 0,
    pgid: fields[1] ?? 0,
    cpuTicks: (fields[10] ?? 0) + (fields[11] ?? 0),
    startTicks: fields[18] ?? 0,
    rssBytes: (fields[RSS_FIELD] ?? 0) * PAGE_BYTES,
  };
}

const RSS_FIELD = 20;

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
