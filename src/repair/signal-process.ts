import { isDeadState, readProcStat, readProcStatSync } from '../probe/proc-stat.js';
import { listProcessTree, type TreeSource } from '../probe/process-tree.js';
import { killCgroup } from './worker-cgroup.js';

/** Sends a signal, treating "no such process" as done (it is already gone). */
export function sendSignal(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Waits until a process is gone or a zombie; true if it went within `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (isDeadState(await readProcStat(pid))) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Stops a process healmap has tied to a worker: SIGTERM (and SIGCONT, so a stopped process can
 * act on it), then SIGKILL after `graceMs`. Signals the whole group when the pid leads one.
 */
export async function stopProcess(pid: number, graceMs: number): Promise<'terminated' | 'killed' | 'already-gone' | 'survived'> {
  const stat = await readProcStat(pid);
  if (isDeadState(stat)) return 'already-gone';
  const target = stat?.pgid === pid ? -pid : pid;
  sendSignal(target, 'SIGTERM');
  sendSignal(target, 'SIGCONT');
  if (await waitForExit(pid, graceMs)) return 'terminated';
  sendSignal(target, 'SIGKILL');
  return (await waitForExit(pid, 2000)) ? 'killed' : 'survived';
}

/** How stopping a whole tree went, and what (if anything) still runs. */
export interface TreeStop {
  how: 'terminated' | 'killed' | 'already-gone';
  /** Pids of the tree still running after the kill: the stop failed. */
  survivors: number[];
}

/**
 * Stops a worker's whole tree: the stop signal (and SIGCONT) to every member, then after
 * `graceMs` everything left is killed, the cgroup at once through `cgroup.kill`, or pid by pid
 * with each pid's start time checked again first (a pid reused in the window is not killed).
 */
export async function stopTree(source: TreeSource, stopSignal: NodeJS.Signals, graceMs: number): Promise<TreeStop> {
  const members = (): number[] => listProcessTree(source).pids;
  const first = members();
  if (first.length === 0) return { how: 'already-gone', survivors: [] };
  const started = new Map(first.map((pid) => [pid, readProcStatSync(pid)?.startTicks]));
  for (const pid of first) {
    sendSignal(pid, stopSignal);
    sendSignal(pid, 'SIGCONT');
  }
  if (await waitForEmpty(members, graceMs)) return { how: 'terminated', survivors: [] };
  if (!(source.cgroup && killCgroup(source.cgroup))) {
    for (const pid of members()) {
      const now = readProcStatSync(pid);
      // A member found after the signal (a late fork) has no recorded start: it is still ours.
      if (now && (started.get(pid) === undefined || started.get(pid) === now.startTicks)) sendSignal(pid, 'SIGKILL');
    }
  }
  if (await waitForEmpty(members, 3000)) return { how: 'killed', survivors: [] };
  return { how: 'killed', survivors: members() };
}

async function waitForEmpty(members: () => number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (members().length === 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}
