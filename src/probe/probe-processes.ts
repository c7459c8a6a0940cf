import { join } from 'node:path';
import psList from 'ps-list';
import type { MapModel, WorkerSpec } from '../map/types.js';
import { statePaths, workerPidfile } from '../history/state-paths.js';
import { commandMatches } from './match-command.js';
import { isDeadState, processUptimeMs, readCmdline, readProcStat, type ProcStat } from './proc-stat.js';
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
  ppid: number;
  /** The command line split on white space (ps joins argv with spaces). */
  args: string[];
  cpu: number;
}

/** Reads the whole process table once (one `ps` call per check, never one per worker). */
export async function readProcessTable(): Promise<Map<number, ProcessRow>> {
  const rows = await psList();
  return new Map(rows.map((r) => [r.pid, { pid: r.pid, ppid: r.ppid ?? 0, args: (r.cmd ?? r.name).split(/\s+/), cpu: r.cpu ?? 0 }]));
}

/** Finds each worker's process: declared pidfile, then healmap's pidfile, then command line. */
export async function probeWorker(model: MapModel, worker: WorkerSpec, table: Map<number, ProcessRow>, uptimeSeconds: number | null): Promise<WorkerProbe> {
  const notes: string[] = [];
  let zombie: ProcStat | null = null;
  const candidates: { pid: number; by: IdentifiedBy; startTicks: number | null; source: string }[] = [];
  if (worker.pidfile) {
    const record = await readPidfile(join(model.rootDir, worker.pidfile));
    if (record) candidates.push({ pid: record.pid, by: 'pidfile', startTicks: null, source: worker.pidfile });
  }
  const own = workerPidfile(statePaths(model.rootDir), worker.name);
  const ownRecord = await readPidfile(own);
  if (ownRecord) candidates.push({ pid: ownRecord.pid, by: 'healmap-pidfile', startTicks: ownRecord.startTicks, source: '.healmap/run' });
  for (const candidate of candidates) {
    const stat = await readProcStat(candidate.pid);
    if (stat && (stat.state === 'Z' || stat.state === 'X')) {
      zombie = stat;
      notes.push(`pid ${candidate.pid} from ${candidate.source} is a zombie`);
      continue;
    }
    if (isDeadState(stat) || !stat) continue;
    const args = await readCmdline(candidate.pid);
    const reused = (candidate.startTicks !== null && candidate.startTicks !== stat.startTicks) || !args || !commandMatches(args, worker.command);
    if (reused) {
      notes.push(`pid ${candidate.pid} from ${candidate.source} now runs \`${(args ?? []).join(' ').slice(0, 80)}\` (pid reused)`);
      continue;
    }
    return alive(stat, candidate.by, table, uptimeSeconds, notes, true);
  }
  for (const row of table.values()) {
    if (!commandMatches(row.args, worker.command)) continue;
    const stat = await readProcStat(row.pid);
    if (stat && !isDeadState(stat)) return alive(stat, 'command-line', table, uptimeSeconds, notes, candidates.length > 0);
  }
  return {
    state: zombie ? 'zombie' : 'dead', pid: zombie?.pid ?? null, identifiedBy: null, startTicks: null,
    uptimeMs: null, cpuPercent: null, memoryBytes: null, notes, hasPidfile: candidates.length > 0,
  };
}

function alive(stat: ProcStat, by: IdentifiedBy, table: Map<number, ProcessRow>, uptimeSeconds: number | null, notes: string[], hasPidfile: boolean): WorkerProbe {
  return {
    state: stat.state === 'T' || stat.state === 't' ? 'stopped' : 'running',
    pid: stat.pid,
    identifiedBy: by,
    startTicks: stat.startTicks,
    uptimeMs: processUptimeMs(stat, uptimeSeconds),
    cpuPercent: table.get(stat.pid)?.cpu ?? null,
    memoryBytes: stat.rssBytes,
    notes,
    hasPidfile,
  };
}
