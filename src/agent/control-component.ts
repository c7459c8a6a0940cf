/**
 * One component at a time, by a person, safe beside a running `watch`: stop, start, restart a
 * worker, or resolve an escalation. Each takes the actions lock (a daemon's pass finishes first
 * and the next waits), records the request in the control file the daemon watches, writes a
 * history line, and starts the component's memory afresh. A stop or restart carries the workers
 * that are part of the worker (systemd's `PartOf=`: every one on a stop, the running ones on a
 * restart); a start, as systemd's, does not.
 */
import { statePaths } from '../fs/state-paths.js';
import { loadAgentState, saveAgentState } from '../history/agent-state.js';
import { controlPath, readControl, writeControl } from '../history/control-requests.js';
import { appendHistory, type ActionResult } from '../history/history-log.js';
import type { LoadedMap } from '../map/load-map.js';
import type { Component, ComponentId, WorkerSpec } from '../map/types.js';
import { recordsRuns } from '../probe/probe-job.js';
import { indexProcesses, probeWorker } from '../probe/probe-processes.js';
import { runJob } from '../repair/run-job.js';
import { startWorker } from '../repair/start-worker.js';
import { stopWorker } from '../repair/stop-worker.js';
import { partOfWorkers } from '../plan/choose-dependents.js';
import { acquireLock } from './action-lock.js';

/** What a person can ask of one component. */
export type ControlCommand = 'stop' | 'start' | 'restart' | 'resolve';

/** How a request went. */
export interface ControlOutcome {
  ok: boolean;
  component: ComponentId;
  detail: string;
  durationMs: number;
}

/** Finds a component by worker name or file/config path (or full id); null when unknown. */
export function findComponent(map: LoadedMap, name: string): Component | null {
  for (const id of [name, `worker:${name}`, `file:${name}`, `config:${name}`]) {
    const node = map.graph.nodes.get(id);
    if (node) return node;
  }
  return null;
}

/** Carries out one request on one component under the actions lock. */
export async function controlComponent(map: LoadedMap, command: ControlCommand, component: Component, lockWaitMs = 120_000): Promise<ControlOutcome> {
  const paths = statePaths(map.model.rootDir);
  const lock = await acquireLock(paths.actionLock, 'another healmap is repairing this map', lockWaitMs);
  const started = Date.now();
  try {
    const control = await readControl(controlPath(paths.root));
    const state = await loadAgentState(paths.state);
    const before = state.components[component.id];
    let result: { ok: boolean; detail: string };
    let carried: ComponentId[] = [];
    if (command === 'resolve') {
      result = before?.escalatedAt != null || (before?.attempts ?? 0) > 0
        ? { ok: true, detail: `cleared ${before?.escalatedAt != null ? 'its escalation and ' : ''}its repair ladder (${before?.attempts ?? 0} attempts)` }
        : { ok: false, detail: 'nothing to resolve: it is not escalated and has no repair attempts' };
    } else {
      const worker = component as WorkerSpec;
      // A stop or restart carries the workers part of this one (systemd's PartOf=); a start does not.
      carried = command === 'start' ? [] : partOfWorkers(map.graph, map.order, worker.id);
      // Marked before the process is signalled, so a daemon that sees it go finds it stopped on purpose.
      if (command === 'stop') for (const id of [worker.id, ...carried]) control.stopped[id] = new Date().toISOString();
      else delete control.stopped[worker.id];
      // Announced before acting, so a daemon that sees the worker exit knows a person did it.
      control.last = { command, component: component.id, at: new Date().toISOString(), ...(carried.length > 0 ? { carried } : {}) };
      await writeControl(controlPath(paths.root), control);
      result = await act(map, command, worker, carried);
    }
    // A person looked at it: its incidents, backoff and escalation start afresh (and those of the
    // workers its stop or restart carried).
    if (result.ok || command === 'stop') {
      for (const id of [component.id, ...carried]) delete state.components[id];
      await saveAgentState(paths.state, state);
    }
    control.last = { command, component: component.id, at: new Date().toISOString(), ...(carried.length > 0 ? { carried } : {}) };
    await writeControl(controlPath(paths.root), control);
    const durationMs = Date.now() - started;
    const outcome: ActionResult = result.ok ? 'succeeded' : 'failed';
    await appendHistory(paths.history, [{
      time: new Date(started).toISOString(), component: component.id, problem: 'by-request', rootCause: null, action: `manual-${command}`,
      attempt: 0, result: outcome, durationMs, reason: `healmap ${command} ${component.kind === 'worker' ? component.name : component.path} (by request)`,
      detail: result.detail, stateBefore: 'unknown', stateAfter: command === 'stop' ? 'stopped' : result.ok ? 'repaired' : 'unknown',
    }]);
    return { ok: result.ok, component: component.id, detail: result.detail, durationMs };
  } finally {
    await lock.release();
  }
}

async function act(map: LoadedMap, command: Exclude<ControlCommand, 'resolve'>, worker: WorkerSpec, carried: ComponentId[]): Promise<{ ok: boolean; detail: string }> {
  const details: string[] = [];
  // A restart carries only the part-of workers that run (systemd's try-restart); a stop, all of them.
  const others: WorkerSpec[] = [];
  for (const id of carried) {
    const other = map.graph.nodes.get(id) as WorkerSpec;
    if (command === 'stop' || isUp(await probeWorker(map.model, other, async () => indexProcesses([]), null))) others.push(other);
  }
  if (command === 'stop' || command === 'restart') {
    // The workers part of it go first, the last one first, as `healmap stop` without a name.
    for (const other of [...others].reverse()) {
      const stopped = await stopWorker(map.model, other);
      if (!stopped.ok) return { ok: false, detail: `${other.name} (part of it): ${stopped.detail}` };
      if (stopped.detail !== 'not running') details.push(`stopped ${other.name}, part of it (${stopped.detail})`);
    }
    const stopped = await stopWorker(map.model, worker);
    if (!stopped.ok) return { ok: false, detail: [...details, stopped.detail].join('; ') };
    details.unshift(stopped.detail === 'not running' ? 'was not running' : `stopped (${stopped.detail})`);
    if (command === 'stop') return { ok: true, detail: details.join('; ') };
  }
  if (command === 'start') {
    const seen = await probeWorker(map.model, worker, async () => indexProcesses([]), null);
    if (isUp(seen)) return { ok: true, detail: `already running (pid ${seen.pid})` };
  }
  for (const w of [worker, ...others]) {
    const started = recordsRuns(w) ? await runJob(map.model, w) : await startWorker(map.model, w);
    details.push(w === worker ? started.detail : `${w.name}, part of it: ${started.detail}`);
    if (!started.ok) return { ok: false, detail: details.join('; ') };
  }
  return { ok: true, detail: details.join('; ') };
}

function isUp(seen: { state: string }): boolean {
  return seen.state === 'running' || seen.state === 'stopped';
}
