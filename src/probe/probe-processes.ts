import { join } from 'node:path';
import type { MapModel, WorkerSpec } from '../map/types.js';
import { mapPaths } from '../fs/state-paths.js';
import { detectCgroupRoot, mapCgroupFolder, type CgroupRoot } from './cgroup-root.js';
import { safeName } from '../fs/state-paths.js';
import { listProcesses } from './list-processes.js';
import { commandMatches } from './match-command.js';
import { probeCgroup } from './probe-cgroup.js';
import { lookUpRecord, readBootTimeMs, readProcessCwd, resolveFolder } from './process-identity.js';
import { listProcessTree } from './process-tree.js';
import { processCpuPercent, processUptimeMs, readProcStat, type ProcStat } from './proc-stat.js';
import { readPidfile, type PidRecord } from './read-pidfile.js';

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
  /** The whole tree's memory when the worker has a cgroup, else the process's RSS. */
  memoryBytes: number | null;
  /** Why a candidate pid was refused (reused pid, zombie), for the report. */
  notes: string[];
  /** Whether a pidfile records a pid at all: false means never started (start, not restart). */
  hasPidfile: boolean;
  /** The worker's cgroup when healmap started it in one. */
  cgroup?: string | null;
  /**
   * Processes of the worker's tree healmap knows of: its cgroup's members, or for a dead worker
   * what is left of its process groups (a SIGKILLed nginx master's workers).
   */
  treePids?: number[];
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

/** Reads the whole process table once per check, never once per worker: from /proc, else through ps-list. */
export async function readProcessTable(): Promise<ProcessTable> {
  const rows = listProcesses() ?? (await (await import('ps-list')).default()).map((r) => ({ pid: r.pid, args: (r.cmd ?? r.name).split(/\s+/) }));
  return indexProcesses(rows);
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

/** What probing a worker may share between workers of one check. */
export interface WorkerProbeContext {
  cgroupRoot?: CgroupRoot;
  /** The map's cgroup folder under cgroupRoot (hashed once per check, not once per worker). */
  cgroupFolder?: string | null;
  bootTimeMs?: number;
}

/**
 * Finds a worker's process without trusting its command line: the declared pidfile
 * (authoritative, as in monit), then the record healmap wrote when it started it; a pid is
 * refused as reused when its start time is not the recorded one, or is later than the pidfile.
 * Only a worker with neither is looked for by command line: whole tokens, and the process's
 * working directory must be the worker's (another checkout of the map is not this worker).
 */
export async function probeWorker(model: MapModel, worker: WorkerSpec, table: () => Promise<ProcessTable>, uptimeSeconds: number | null, context: WorkerProbeContext = {}): Promise<WorkerProbe> {
  const paths = mapPaths(model);
  const notes: string[] = [];
  const boot = context.bootTimeMs ?? readBootTimeMs();
  const own = await readPidfile(paths.pidfile(worker.name));
  const declared = worker.pidfile ? await readPidfile(paths.absolute(worker.pidfile)) : null;
  const folder = context.cgroupFolder !== undefined ? context.cgroupFolder : cgroupFolderOf(context.cgroupRoot ?? detectCgroupRoot(), model.rootDir);
  const cgroup = own?.cgroup ?? (folder !== null ? join(folder, safeName(worker.name)) : null);
  const candidates: { record: PidRecord; by: IdentifiedBy; source: string; exact: number | null }[] = [];
  // healmap's record of the same pid carries the exact start ticks.
  if (declared) candidates.push({ record: declared, by: 'pidfile', source: worker.pidfile as string, exact: own?.pid === declared.pid ? own.startTicks : null });
  if (own) candidates.push({ record: own, by: 'healmap-pidfile', source: '.healmap/run', exact: own.startTicks });
  let zombie: ProcStat | null = null;
  for (const { record, by, source, exact } of candidates) {
    const seen = lookUpRecord({ pid: record.pid, startTicks: exact, writtenAtMs: exact === null ? record.writtenAtMs : null }, boot);
    if (seen.state === 'zombie') {
      zombie = seen.stat;
      notes.push(`pid ${record.pid} from ${source} is a zombie`);
    } else if (seen.state === 'reused') {
      notes.push(`pid ${record.pid} from ${source} is another process now (pid reused: ${seen.why})`);
    } else if (seen.state === 'alive') {
      return alive(seen.stat, by, uptimeSeconds, notes, true, cgroup);
    }
  }
  if (candidates.length === 0) {
    const found = await discoverByCommandLine(model, worker, table);
    if (found) return alive(found, 'command-line', uptimeSeconds, notes, false, null);
  }
  // Dead: is anything of its tree left (a daemon's children, a SIGKILLed master's workers)?
  const groups = [...(own?.groups ?? []), ...(own ? [own.pid] : []), ...(declared ? [declared.pid] : [])];
  const left = candidates.length > 0 ? listProcessTree({ cgroup, roots: [], groups }).pids : [];
  if (left.length > 0) notes.push(`${left.length} process(es) of its tree still run: ${left.slice(0, 5).join(', ')}`);
  return {
    state: zombie ? 'zombie' : 'dead', pid: zombie?.pid ?? null, identifiedBy: null, startTicks: null,
    uptimeMs: null, cpuPercent: null, memoryBytes: null, notes, hasPidfile: candidates.length > 0, cgroup, treePids: left,
  };
}

/** The map's cgroup folder under a cgroup root, or null when there is no usable root. */
export function cgroupFolderOf(root: CgroupRoot, rootDir: string): string | null {
  return root.path ? mapCgroupFolder(root.path, rootDir) : null;
}

// A worker healmap never started and that declares no pidfile: the same whole command line,
// run from the worker's own folder.
async function discoverByCommandLine(model: MapModel, worker: WorkerSpec, table: () => Promise<ProcessTable>): Promise<ProcStat | null> {
  const lastToken = worker.command.trim().split(/\s+/).pop()?.replace(/^(["'])(.*)\1$/, '$2') ?? '';
  const rows = (await table()).byLastArg.get(lastToken) ?? [];
  if (rows.length === 0) return null;
  const folder = resolveFolder(join(model.rootDir, worker.cwd));
  for (const row of rows) {
    if (row.pid === process.pid || !commandMatches(row.args, worker.command)) continue;
    if (readProcessCwd(row.pid) !== folder) continue;
    const stat = await readProcStat(row.pid);
    if (stat && stat.state !== 'Z' && stat.state !== 'X') return stat;
  }
  return null;
}

function alive(stat: ProcStat, by: IdentifiedBy, uptimeSeconds: number | null, notes: string[], hasPidfile: boolean, cgroup: string | null): WorkerProbe {
  const group = cgroup ? probeCgroup(cgroup) : null;
  const uptimeMs = processUptimeMs(stat, uptimeSeconds);
  const cpuPercent = group?.cpuUsageUsec != null && uptimeMs ? Math.round((group.cpuUsageUsec / 1000 / uptimeMs) * 1000) / 10 : processCpuPercent(stat, uptimeSeconds);
  return {
    state: stat.state === 'T' || stat.state === 't' ? 'stopped' : 'running',
    pid: stat.pid,
    identifiedBy: by,
    startTicks: stat.startTicks,
    uptimeMs,
    cpuPercent,
    memoryBytes: group?.pids.includes(stat.pid) ? group.memoryBytes : stat.rssBytes,
    notes,
    hasPidfile,
    cgroup: group ? cgroup : null,
    treePids: group?.pids ?? [],
  };
}
