import { readFileSync } from 'node:fs';
import { probePort, type PortProbe } from '../probe/probe-port.js';
import { readProcStatSync } from '../probe/proc-stat.js';
import { listProcessTree, type TreeSource } from '../probe/process-tree.js';

/**
 * How a started worker's port stands at the end of its start: listened on by the worker's own
 * tree (`held`), by a process outside it (`foreign`), by a process healmap cannot read
 * (`unknown`), or by nobody (`closed`). Only `held` verifies a start on its own.
 */
export type PortVerdict =
  | { kind: 'held'; holderPid: number }
  | { kind: 'foreign'; holderPid: number; detail: string }
  | { kind: 'unknown'; detail: string }
  | { kind: 'closed'; detail: string };

/** The started worker whose port is checked: its pid and where its tree is found. */
export interface StartedWorker extends TreeSource {
  pid: number;
}

/**
 * Polls `port` until a process of the worker's tree listens on it (its pid, a descendant, a
 * member of its cgroup or of its process groups: a daemon's pidfile pid is `pid`) or until
 * `deadlineMs` (epoch ms) passes, and says how it stood last. An open port is never taken as the
 * worker's on trust: a holder outside the tree is `foreign` (reported `port-held-by-other`, and
 * never signalled here), a holder healmap cannot read is `unknown` with the reason.
 */
export async function awaitPortHolder(port: number, worker: StartedWorker, deadlineMs: number): Promise<PortVerdict> {
  for (;;) {
    const tree = listProcessTree(worker).pids;
    const seen = await probePort(port, 500, worker.pid, (child) => readProcStatSync(child)?.ppid, tree);
    const verdict = judgePort(seen, worker.pid);
    if (verdict.kind === 'held' || Date.now() > deadlineMs) return verdict;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function judgePort(seen: PortProbe, workerPid: number): PortVerdict {
  if (!seen.open) return { kind: 'closed', detail: `alive but not listening on port ${seen.port}` };
  if (seen.heldByWorker === true && seen.holderPid !== null) return { kind: 'held', holderPid: seen.holderPid };
  if (seen.holderPid !== null) {
    return {
      kind: 'foreign',
      holderPid: seen.holderPid,
      detail: `port-held-by-other: port ${seen.port} is held by pid ${seen.holderPid}${describeProcess(seen.holderPid)}, not by this worker (pid ${workerPid}) or its process tree; that process was not signalled`,
    };
  }
  return { kind: 'unknown', detail: `port ${seen.port} is open but healmap cannot tell which process holds it: ${seen.holderUnknown ?? 'its holder is not visible'}` };
}

// ` (name)` from /proc/PID/comm, or nothing when it cannot be read.
function describeProcess(pid: number): string {
  try {
    return ` (${readFileSync(`/proc/${pid}/comm`, 'utf8').trim().replace(/[^\x20-\x7e]/g, '?')})`;
  } catch {
    return '';
  }
}
