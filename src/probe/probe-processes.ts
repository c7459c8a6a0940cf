import psList from 'ps-list';
import type { MapModel, WorkerSpec } from '../map/types.js';
import { mapPaths } from '../fs/state-paths.js';
import { commandMatches } from './match-command.js';
import { isDeadState, processCpuPercent, processUptimeMs, readCmdline, readProcStat, type ProcStat } from './proc-stat.js';
import { readPidfile } from './read-pidfile.js';

/** How healmap found a worker's process. */
export type IdentifiedBy = 'pidfile' | 'healmap-pidfile' | 'command-line';

/** What healmap sees of one worker's process. */
export interface WorkerProbe {
  /** `stopped` is alive but frozen (SIGSTOP); a zombie counts as dead. */
  state: 'running' | 'stopped' | 'zombie' | 'dead';
  pid: number | null;
  identifiedBy: IdentifiedBy | null;
  startTicks: number | null;
  uptimeMs: number | null;
  cpuPercent: number | null;
  memoryBytes: number | null;
  /** Why a candidate pid was refused (reused pid, zombie), for the report. */
  notes: string[];
  /** Whether a pidfile records a pid at all: false means never started (start, not restart). */
  hasPidfile: boolean;
}

/** One row of the process table, as ps-list gives it. */
export interface ProcessRow {
  pid: number;
  /** The command line split on white space (ps joins argv with spaces). */
  args: string[];
}

/** The process table of one check, indexed for command-line lookups. */
export interface ProcessTable {
  /** Rows by their last argument: a matching command line always ends with the command's last token. */
  byLastArg: Map<string, ProcessRow[]>;
}

/** Reads the whole process table once (one `ps` call per check, never one per worker). */
export async function readProcessTable(): Promise<ProcessTable> {
  return indexProcesses((await psList()).map((r) => ({ pid: r.pid, args: (r.cmd ?? r.name).split(/\s+/) })));
}

/** Indexes process rows by their last argument. */
export function indexProcesses(rows: ProcessRow[]): ProcessTable {
  const table: ProcessTable = { byLastArg: new Map() };
  for (const row of rows) {
    const last = row.args[row.args.length - 1] ?? '';
    const list = table.byLastArg.get(last);
    if (list) list.push(row);
    else table.byLastArg.set(last, [row]);
  }
  return table;
}

/** Finds each worker's process: declared pidfile, then healmap's pidfile, then command line. */
export async function probeWorker(model: MapModel, worker: WorkerSpec, table: () => Promise<ProcessTable>, uptimeSeconds: number | null): Promise<WorkerProbe> {
  const paths = mapPaths(model);
  const notes: string[] = [];
  let zombie: ProcStat | null = null;
  const candidates: { pid: number; by: IdentifiedBy; startTicks: number | null; source: string }[] = [];
  if (worker.pidfile) {
    const record = await readPidfile(paths.absolute(worker.pidfile));
    if (record) candidates.push({ pid: record.pid, by: 'pidfile', startTicks: null, source: worker.pidfile });
  }
  const ownRecord = await readPidfile(paths.pidfile(worker.name));
  if (ownRecord) candidates.push({ pid: ownRecord.pid, by: 'healmap-pidfile', startTicks: ownRecord.startTicks, source: '.healmap/run' });
  for (const candidate of candidates) {
    const stat = await readProcStat(candidate.pid);
    if (stat && (stat.state === 'Z' || stat.state === 'X')) {
      zombie = stat;
      notes.push(`pid ${candidate.pid} from ${candidate.source} is a zombie`);
      continue;
    }
    if (isDeadState(stat) || !stat) continue;
    // A pid with the start time healmap recorded is the very process it started: no reuse possible.
    // Otherwise the command line must match (from the ps table, or /proc for a newer process).
    const sameStart = candidate.startTicks !== null && candidate.startTicks === stat.startTicks;
    const args = sameStart ? null : await readCmdline(candidate.pid);
    const reused = !sameStart && (candidate.startTicks !== null || !args || !commandMatches(args, worker.command));
    if (reused) {
      notes.push(`pid ${candidate.pid} from ${candidate.source} now runs \`${(args ?? []).join(' ').slice(0, 80)}\` (pid reused)`);
      continue;
    }
    return alive(stat, candidate.by, uptimeSeconds, notes, true);
  }
  const lastToken = worker.command.trim().split(/\s+/).pop()?.replace(/^(["'])(.*)\1$/, '$2') ?? '';
  // The process table is read (once per check, shared) only when a pidfile did not find the worker.
  for (const row of (await table()).byLastArg.get(lastToken) ?? []) {
    if (!commandMatches(row.args, worker.command)) continue;
    const stat = await readProcStat(row.pid);
    if (stat && !isDeadState(stat)) return alive(stat, 'command-line', uptimeSeconds, notes, candidates.length > 0);
  }
  return {
    state: zombie ? 'zombie' : 'dead', pid: zombie?.pid ?? null, identifiedBy: null, startTicks: null,
    uptimeMs: null, cpuPercent: null, memoryBytes: null, notes, hasPidfile: candidates.length > 0,
  };
}

function alive(stat: ProcStat, by: IdentifiedBy, uptimeSeconds: number | null, notes: string[], hasPidfile: boolean): WorkerProbe {
  return {
    state: stat.state === 'T' || stat.state === 't' ? 'stopped' : 'running',
    pid: stat.pid,
    identifiedBy: by,
    startTicks: stat.startTicks,
    uptimeMs: processUptimeMs(stat, uptimeSeconds),
    cpuPercent: processCpuPercent(stat, uptimeSeconds),
    memoryBytes: stat.rssBytes,
    notes,
    hasPidfile,
  };
}
