import { existsSync } from 'node:fs';
import type { MapModel, WorkerSpec } from '../map/types.js';
import { mapPaths } from '../fs/state-paths.js';
import { detectCgroupRoot, workerCgroupPath } from '../probe/cgroup-root.js';
import { indexProcesses, probeWorker } from '../probe/probe-processes.js';
import { readPidfile } from '../probe/read-pidfile.js';
import { stopTree } from './signal-process.js';
import { removeWorkerCgroup } from './worker-cgroup.js';

/** How stopping a worker went. */
export interface StopOutcome {
  ok: boolean;
  detail: string;
}

/**
 * Stops a worker's whole tree when healmap can tie it to the worker: its cgroup, or the pid of a
 * pidfile (declared or healmap's own, its start time checked) with its process groups and
 * descendants. What is left of a dead worker's tree (a SIGKILLed nginx master's workers still
 * holding the port) is stopped too. A process found only by its command line is never signalled.
 * Fails while anything of the tree still runs.
 */
export async function stopWorker(model: MapModel, worker: WorkerSpec, beforeSignal?: (pid: number) => void): Promise<StopOutcome> {
  const paths = mapPaths(model);
  // An empty process table: only pidfiles can identify the process, never a command-line scan.
  const seen = await probeWorker(model, worker, async () => indexProcesses([]), null);
  const own = await readPidfile(paths.pidfile(worker.name)).catch(() => null);
  const declared = worker.pidfile ? await readPidfile(paths.absolute(worker.pidfile)).catch(() => null) : null;
  const root = detectCgroupRoot();
  const cgroupPath = seen.cgroup ?? own?.cgroup ?? (root.path ? workerCgroupPath(root.path, model.rootDir, worker.name) : null);
  const cgroup = cgroupPath && existsSync(cgroupPath) ? cgroupPath : null;
  const alive = (seen.state === 'running' || seen.state === 'stopped') && seen.pid !== null && seen.identifiedBy !== 'command-line';
  // The main pid outside the cgroup (a pidfile process healmap did not start) is stopped beside it.
  const mainOutside = alive && !(cgroup && (seen.treePids ?? []).includes(seen.pid as number));
  const groups = [...(own?.groups ?? []), ...(own ? [own.pid] : []), ...(declared ? [declared.pid] : [])];
  const sources = [
    ...(cgroup ? [{ cgroup, roots: [], groups: [] }] : []),
    ...(mainOutside || !cgroup ? [{ cgroup: null, roots: alive ? [seen.pid as number] : [], groups: own || declared ? groups : [] }] : []),
  ];
  if (alive) beforeSignal?.(seen.pid as number);
  const signal = worker.stopSignal as NodeJS.Signals;
  const results = await Promise.all(sources.map((source) => stopTree(source, signal, model.settings.stopGraceMs)));
  const survivors = results.flatMap((r) => r.survivors);
  if (cgroup && survivors.length === 0) await removeWorkerCgroup(cgroup);
  if (survivors.length > 0) return { ok: false, detail: `${survivors.length} process(es) of its tree still run after SIGKILL: ${survivors.slice(0, 5).join(', ')}` };
  if (results.every((r) => r.how === 'already-gone')) return { ok: true, detail: 'not running' };
  const how = results.some((r) => r.how === 'killed') ? 'killed' : 'terminated';
  const what = alive ? `pid ${seen.pid}` : `what was left of its tree`;
  return { ok: true, detail: `${what} ${how}${cgroup ? ' (cgroup)' : ''}` };
}
