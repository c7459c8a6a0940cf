import { transitiveDependencies } from '../graph/build-graph.js';
import type { LoadedMap } from '../map/load-map.js';
import type { ComponentId, WorkerSpec } from '../map/types.js';
import { appendHistory, type ActionResult, type HistoryEntry } from '../history/history-log.js';
import { loadAgentState, saveAgentState } from '../history/agent-state.js';
import { rm } from 'node:fs/promises';
import { statePaths, workerPidfile } from '../fs/state-paths.js';
import { removeStaleLock } from '../repair/remove-lock.js';
import { startWorker } from '../repair/start-worker.js';
import { stopWorker } from '../repair/stop-worker.js';
import { acquireLock } from './action-lock.js';

/** One step of a reset and how it went. */
export interface ResetStep {
  action: 'stop' | 'remove-lock' | 'start';
  worker: ComponentId;
  result: ActionResult;
  detail: string;
  durationMs: number;
  /** When the step began (epoch ms). */
  startedAt: number;
}

/**
 * The full environment reset: stop every worker in reverse topological order, remove stale
 * locks, then start every worker in topological order, each verified before its dependents (a
 * worker whose dependency failed to start is blocked, not started).
 */
export async function resetEnvironment(map: LoadedMap, onStep?: (step: ResetStep) => void): Promise<ResetStep[]> {
  return withSteps(map, onStep, true);
}

/** Stops every worker healmap can tie to the map, in reverse topological order (`healmap stop`). */
export async function stopAllWorkers(map: LoadedMap, onStep?: (step: ResetStep) => void): Promise<ResetStep[]> {
  return withSteps(map, onStep, false);
}

async function withSteps(map: LoadedMap, onStep: ((step: ResetStep) => void) | undefined, restart: boolean): Promise<ResetStep[]> {
  const paths = statePaths(map.model.rootDir);
  const lock = await acquireLock(paths.actionLock, 'another healmap is repairing this map', 120_000);
  const steps: ResetStep[] = [];
  const record = async (action: ResetStep['action'], worker: WorkerSpec, run: () => Promise<{ result: ActionResult; detail: string }>): Promise<ActionResult> => {
    const started = Date.now();
    const { result, detail } = await run();
    const step = { action, worker: worker.id, result, detail, durationMs: Date.now() - started, startedAt: started };
    steps.push(step);
    // Each row as its step ends, so the trail reads in the order things happened (stops first).
    await appendHistory(paths.history, [toHistory(step)]);
    onStep?.(step);
    return result;
  };
  try {
    const workers = map.order.map((id) => map.graph.nodes.get(id)).filter((n): n is WorkerSpec => n?.kind === 'worker');
    const unstoppable = new Set<ComponentId>();
    for (const worker of [...workers].reverse()) {
      const result = await record('stop', worker, async () => {
        const r = await stopWorker(map.model, worker);
        // Stopped on purpose: forget healmap's pidfile so the next start is a start, not a crash.
        if (r.ok) await rm(workerPidfile(paths, worker.name), { force: true });
        return { result: r.ok ? 'succeeded' : 'failed', detail: r.detail };
      });
      if (result === 'failed') unstoppable.add(worker.id);
    }
    // A person stopped these on purpose: their incidents, backoff and escalations start afresh.
    const state = await loadAgentState(paths.state);
    for (const worker of workers) delete state.components[worker.id];
    await saveAgentState(paths.state, state);
    if (!restart) return steps;
    for (const worker of workers) {
      if (worker.lock === null) continue;
      await record('remove-lock', worker, async () => {
        const r = await removeStaleLock(map.model, worker);
        return { result: r.ok ? 'succeeded' : 'skipped', detail: r.detail };
      });
    }
    const failed = new Set<ComponentId>();
    for (const worker of workers) {
      const blocker = [...transitiveDependencies(map.graph, worker.id)].find((id) => failed.has(id));
      const result = await record('start', worker, async () => {
        if (unstoppable.has(worker.id)) return { result: 'failed', detail: 'could not be stopped; not started twice' };
        if (blocker) return { result: 'blocked', detail: `waits for ${blocker}, which did not start` };
        const r = await startWorker(map.model, worker);
        return { result: r.ok ? 'succeeded' : 'failed', detail: r.detail };
      });
      if (result !== 'succeeded') failed.add(worker.id);
    }
    return steps;
  } finally {
    await lock.release();
  }
}

function toHistory(step: ResetStep): HistoryEntry {
  return {
    time: new Date(step.startedAt).toISOString(), component: step.worker, problem: 'reset', rootCause: null,
    action: `reset-${step.action}`, attempt: 0, result: step.result, durationMs: step.durationMs, reason: 'healmap reset', detail: step.detail,
    stateBefore: 'unknown', stateAfter: step.result === 'succeeded' ? 'repaired' : 'unknown',
  };
}
