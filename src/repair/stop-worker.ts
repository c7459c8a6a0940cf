import type { MapModel, WorkerSpec } from '../map/types.js';
import { indexProcesses, probeWorker } from '../probe/probe-processes.js';
import { stopProcess } from './signal-process.js';

/** How stopping a worker went. */
export interface StopOutcome {
  ok: boolean;
  detail: string;
}

/**
 * Stops a worker's process only when healmap can tie it to the worker: a pid from a pidfile
 * (declared or healmap's own) whose command line matches. A process found only by its command
 * line is never signalled; the caller escalates instead.
 */
export async function stopWorker(model: MapModel, worker: WorkerSpec, beforeSignal?: (pid: number) => void): Promise<StopOutcome> {
  // An empty process table: only pidfiles can identify the process, never a command-line scan.
  const seen = await probeWorker(model, worker, async () => indexProcesses([]), null);
  if (seen.state === 'dead' || seen.state === 'zombie' || seen.pid === null) return { ok: true, detail: 'not running' };
  beforeSignal?.(seen.pid);
  const how = await stopProcess(seen.pid, model.settings.stopGraceMs);
  if (how === 'survived') return { ok: false, detail: `pid ${seen.pid} survived SIGKILL` };
  return { ok: true, detail: `pid ${seen.pid} ${how}` };
}
