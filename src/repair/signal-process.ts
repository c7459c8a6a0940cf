import { isDeadState, readProcStat } from '../probe/proc-stat.js';

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
