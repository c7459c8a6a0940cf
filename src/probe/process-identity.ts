/**
 * Whether a pid still names the process a record was made for, without looking at its command
 * line: real programs rename themselves (`redis-server *:6390`, `nginx: master process`) and
 * wrappers (`nice`, `env`, `setpriv`) hand off, but a process's start time never changes.
 */
import { readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { isDeadState, readProcStatSync, type ProcStat } from './proc-stat.js';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on every Linux architecture Node runs on
// /proc/uptime and the wall clock are read a moment apart, and a file's mtime is coarse on some
// filesystems: a process counts as started after a record only beyond this margin.
const START_MARGIN_MS = 1_000;

/** When the machine booted, in epoch milliseconds (from /proc/uptime, to 10 ms). */
export function readBootTimeMs(): number {
  const uptimeSeconds = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  return Date.now() - uptimeSeconds * 1000;
}

/** When a process started, in epoch milliseconds. */
export function processStartedAtMs(stat: ProcStat, bootTimeMs: number): number {
  return bootTimeMs + (stat.startTicks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** What a record knows of the process it names. */
export interface ProcessRecord {
  pid: number;
  /** Start ticks read from /proc when the record was made (exact). */
  startTicks?: number | null;
  /** When the record was written (a pidfile's mtime): the process must have started before. */
  writtenAtMs?: number | null;
}

/** How a recorded pid looks now. */
export type RecordedProcess =
  | { state: 'alive'; stat: ProcStat }
  | { state: 'zombie'; stat: ProcStat }
  | { state: 'dead' }
  | { state: 'reused'; stat: ProcStat; why: string };

/**
 * Looks a recorded pid up: alive (the same process), a zombie, dead, or reused (a process that
 * started after the record was made, or with other start ticks than recorded).
 */
export function lookUpRecord(record: ProcessRecord, bootTimeMs: number | null = null): RecordedProcess {
  const stat = readProcStatSync(record.pid);
  if (!stat) return { state: 'dead' };
  if (stat.state === 'Z') return { state: 'zombie', stat };
  if (isDeadState(stat)) return { state: 'dead' };
  if (record.startTicks != null) {
    return stat.startTicks === record.startTicks ? { state: 'alive', stat } : { state: 'reused', stat, why: 'its start time differs from the one recorded' };
  }
  if (record.writtenAtMs != null) {
    const startedAt = processStartedAtMs(stat, bootTimeMs ?? readBootTimeMs());
    if (startedAt > record.writtenAtMs + START_MARGIN_MS) {
      return { state: 'reused', stat, why: `it started ${new Date(startedAt).toISOString()}, after the pidfile was written` };
    }
  }
  return { state: 'alive', stat };
}

/** The working directory of a process (resolved), or null when it is gone or unreadable. */
export function readProcessCwd(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}

/** A folder with its symbolic links resolved (itself when it cannot be resolved). */
export function resolveFolder(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
