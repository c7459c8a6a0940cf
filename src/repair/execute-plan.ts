/**
 * Carries out a plan, the only code that changes the world: each action runs only if every
 * action it comes after succeeded and was verified; otherwise it is recorded as blocked.
 */
import { describeError } from '../errors.js';
import { healthById, type ComponentHealth, type Diagnosis } from '../diagnose/types.js';
import type { ComponentId, ConfigSpec, FileSpec, MapModel, WorkerSpec } from '../map/types.js';
import type { DependencyGraph } from '../graph/build-graph.js';
import type { ActionResult, HistoryEntry } from '../history/history-log.js';
import type { AgentState } from '../history/agent-state.js';
import { componentState } from '../history/agent-state.js';
import { recordOutcome } from '../plan/update-state.js';
import type { Plan, PlannedAction } from '../plan/types.js';
import { createMissingFile } from './create-file.js';
import { repairConfig } from './repair-config.js';
import { copyConfigValues } from './copy-config-value.js';
import { removeStaleLock } from './remove-lock.js';
import { runEscalation } from './run-escalation.js';
import { runRecoveryStep } from './run-recovery-step.js';
import { recordsRuns } from '../probe/probe-job.js';
import { runJob } from './run-job.js';
import { startWorker } from './start-worker.js';
import { stopWorker } from './stop-worker.js';

// A skipped create-file (the producer wrote the file first) satisfies its dependents.
const SATISFIED: ReadonlySet<ActionResult> = new Set(['succeeded', 'skipped']);

/** An executed action and how it ended. */
export interface ExecutedAction {
  action: PlannedAction;
  result: ActionResult;
  durationMs: number;
  detail: string;
}

/** What the executor needs besides the plan. */
export interface ExecuteContext {
  model: MapModel;
  graph: DependencyGraph;
  diagnosis: Diagnosis;
  state: AgentState;
  /** Writes a fresh JSON report and returns its path (for HEALMAP_REPORT). */
  writeReport: () => Promise<string>;
  /** Called with each finished action (the daemon prints a line per action). */
  onAction?: (executed: ExecutedAction) => void;
  /** Called when a worker healmap started exits (the daemon heals at once). */
  onWorkerExit?: (worker: ComponentId, pid: number, code: number | null, signal: NodeJS.Signals | null) => void;
  /** Called just before healmap signals a worker's pid on purpose (that exit is no incident). */
  onStopping?: (worker: ComponentId, pid: number) => void;
  /** Appends one history entry as soon as its action is done (so a crash loses none). */
  record?: (entry: HistoryEntry) => Promise<void>;
  /** Known failure times (a worker's exit, a file's deadline), recorded for time to detect. */
  failedAt?: Map<ComponentId, number>;
  now?: () => number;
  /**
   * Waits up to `withinMs` for a component to check healthy (how a recovery step is judged);
   * without it a step is judged by its exit code alone.
   */
  verifyHealthy?: (id: ComponentId, withinMs: number) => Promise<{ ok: boolean; detail: string }>;
  /** The plan being carried out, so a job run knows whether later actions wait for its end. */
  plan?: Plan;
}

// Independent repairs run side by side (a restart waits out its start verification); this many at most.
const MAX_PARALLEL = 8;

/**
 * Runs the plan; returns what happened, the history entries and the updated state. An action
 * starts once every action it comes after, and every earlier action on the same target, has
 * settled; independent branches of the graph are repaired side by side.
 */
export async function executePlan(plan: Plan, context: ExecuteContext): Promise<{ executed: ExecutedAction[]; history: HistoryEntry[]; state: AgentState }> {
  const ctx: ExecuteContext = { ...context, plan };
  const now = ctx.now ?? Date.now;
  const health = healthById(ctx.diagnosis);
  const results = new Map<number, ActionResult>();
  const executed: ExecutedAction[] = [];
  const history: HistoryEntry[] = [];
  let state = ctx.state;
  const prerequisites = new Map<number, number[]>();
  const lastOnTarget = new Map<ComponentId, number>();
  for (const a of plan.actions) {
    const previous = lastOnTarget.get(a.target);
    prerequisites.set(a.id, previous === undefined ? a.after : [...a.after, previous]);
    lastOnTarget.set(a.target, a.id);
  }
  const runOne = async (action: PlannedAction): Promise<void> => {
    const started = now();
    const before = health.get(action.target);
    const waitingOn = action.after.find((id) => !SATISFIED.has(results.get(id) ?? 'blocked'));
    let outcome: { result: ActionResult; detail: string };
    if (waitingOn !== undefined) {
      const blocker = plan.actions[waitingOn - 1];
      outcome = { result: 'blocked', detail: `waits for ${blocker?.kind} ${blocker?.target}, which ${results.get(waitingOn) ?? 'did not run'}` };
    } else if (action.kind === 'wait') {
      outcome = { result: 'skipped', detail: action.reason };
    } else if (action.kind === 'blocked') {
      outcome = { result: 'blocked', detail: action.reason };
    } else {
      try {
        outcome = await perform(action, ctx, state);
      } catch (error) {
        outcome = { result: 'failed', detail: describeError(error) };
      }
    }
    results.set(action.id, outcome.result);
    state = recordOutcome(state, action, outcome.result, ctx.model.settings, now());
    const done: ExecutedAction = { action, result: outcome.result, durationMs: now() - started, detail: outcome.detail };
    executed.push(done);
    const entry = historyEntry(done, before, started, componentState(state, action.target).incidentStartedAt, ctx.failedAt?.get(action.target));
    history.push(entry);
    await ctx.record?.(entry);
    ctx.onAction?.(done);
  };
  const pending = [...plan.actions];
  const running = new Map<number, Promise<void>>();
  while (pending.length > 0 || running.size > 0) {
    for (const action of [...pending]) {
      if (running.size >= MAX_PARALLEL) break;
      if ((prerequisites.get(action.id) ?? []).some((id) => !results.has(id))) continue;
      pending.splice(pending.indexOf(action), 1);
      running.set(action.id, runOne(action).finally(() => running.delete(action.id)));
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  return { executed, history, state };
}

async function perform(action: PlannedAction, ctx: ExecuteContext, state: AgentState): Promise<{ result: ActionResult; detail: string }> {
  const { model, graph } = ctx;
  const node = graph.nodes.get(action.target);
  switch (action.kind) {
    case 'remove-lock': {
      const r = await removeStaleLock(model, node as WorkerSpec);
      return { result: r.ok ? 'succeeded' : 'failed', detail: r.detail };
    }
    case 'create-file': {
      const r = await createMissingFile(model, node as FileSpec);
      return { result: !r.ok ? 'failed' : r.created ? 'succeeded' : 'skipped', detail: r.detail };
    }
    case 'repair-config': {
      const r = await repairConfig(model, node as ConfigSpec, action.ladderStep === 3);
      // A config still being written is not a failed repair: its next change event brings it back.
      if (r.deferred) return { result: 'skipped', detail: r.detail };
      return { result: r.ok ? 'succeeded' : 'failed', detail: r.ok || r.refused ? r.detail : `still invalid after repair: ${r.detail}` };
    }
    case 'copy-config-value': {
      const r = await copyConfigValues(model, node as ConfigSpec);
      if (r.deferred) return { result: 'skipped', detail: r.detail };
      if (!r.ok) return { result: 'failed', detail: r.detail };
      // Its readers restart after the fix, in order, each verified (not when nothing had to change).
      const restarted = action.workers.length > 0 && r.written ? await restartWorkers(ctx, action.workers) : { ok: true, detail: '' };
      return { result: restarted.ok ? 'succeeded' : 'failed', detail: [r.detail, restarted.detail].filter(Boolean).join('; ') };
    }
    case 'rollback-configs': {
      const details: string[] = [];
      for (const id of action.configs) {
        const r = await repairConfig(model, graph.nodes.get(id) as ConfigSpec, true);
        details.push(`${id}: ${r.detail}`);
        if (!r.ok) return { result: 'failed', detail: details.join('; ') };
      }
      const restarted = await restartWorkers(ctx, action.workers);
      return { result: restarted.ok ? 'succeeded' : 'failed', detail: [...details, restarted.detail].join('; ') };
    }
    case 'run-job': {
      const job = node as WorkerSpec;
      const stopped = await stopWorker(model, job, (pid) => ctx.onStopping?.(job.id, pid));
      if (!stopped.ok) return { result: 'failed', detail: `${job.name}: ${stopped.detail}` };
      // Dependents planned after this run wait for it to end (compose's service_completed_successfully).
      const gates = ctx.plan?.actions.some((a) => a.after.includes(action.id)) ?? false;
      const r = await runJob(model, job, { waitForExit: gates, onExit: (pid, code, signal) => ctx.onWorkerExit?.(job.id, pid, code, signal) });
      return { result: r.ok ? 'succeeded' : 'failed', detail: r.detail };
    }
    case 'start-worker':
    case 'restart-worker':
    case 'restart-with-dependents': {
      const r = await restartWorkers(ctx, action.workers);
      return { result: r.ok ? 'succeeded' : 'failed', detail: r.detail };
    }
    case 'run-recovery-step': {
      const worker = node as WorkerSpec;
      const step = action.step;
      if (!step) return { result: 'skipped', detail: 'no step given' };
      const pid = healthById(ctx.diagnosis).get(action.target)?.facts.pid;
      const run = await runRecoveryStep(model, worker, step, { problem: action.problem, attempts: componentState(state, action.target).attempts, pid: typeof pid === 'number' ? pid : null });
      const ran = `\`${step.command}\` ${run.timedOut ? `timed out after ${step.timeoutMs / 1000}s` : `exited ${run.signal ?? run.exitCode}`}${run.tail.length > 0 ? `: ${run.tail.join(' | ')}` : ''}`;
      const details = [ran];
      if (step.then === 'restart') {
        // The worker and the running workers part of it, as the plan chose them.
        const restarted = await restartWorkers(ctx, action.workers.length > 0 ? action.workers : [worker.id]);
        details.push(restarted.detail);
        if (!restarted.ok) return { result: 'failed', detail: details.join('; ') };
      }
      // Judged by the component becoming healthy, not by the exit code alone (unlike monit's `exec`).
      if (!ctx.verifyHealthy) return { result: run.exitCode === 0 ? 'succeeded' : 'failed', detail: details.join('; ') };
      const verdict = await ctx.verifyHealthy(worker.id, Math.max(5000, 2 * worker.startWithinMs));
      details.push(verdict.detail);
      return { result: verdict.ok ? 'succeeded' : 'failed', detail: details.join('; ') };
    }
    case 'escalate': {
      const s = componentState(state, action.target);
      if (s.escalationNotified || !model.settings.onEscalate) {
        return { result: 'escalated', detail: s.escalationNotified ? 'already notified for this incident' : 'no `on escalate` command in Settings' };
      }
      const reportPath = await ctx.writeReport();
      const r = await runEscalation(model.settings.onEscalate, model.rootDir, { component: action.target, problem: action.problem, attempts: s.attempts, reportPath });
      return { result: 'escalated', detail: r.detail };
    }
    default:
      return { result: 'skipped', detail: action.reason };
  }
}

// Stops the workers in reverse order, then starts them in order, each verified before the next.
async function restartWorkers(ctx: ExecuteContext, ids: ComponentId[]): Promise<{ ok: boolean; detail: string }> {
  const workers = ids.map((id) => ctx.graph.nodes.get(id) as WorkerSpec);
  const details: string[] = [];
  for (const worker of [...workers].reverse()) {
    const stopped = await stopWorker(ctx.model, worker, (pid) => ctx.onStopping?.(worker.id, pid));
    if (!stopped.ok) return { ok: false, detail: `${worker.name}: ${stopped.detail}` };
    if (stopped.detail !== 'not running') details.push(`stopped ${worker.name} (${stopped.detail})`);
  }
  for (const worker of workers) {
    const onExit = (pid: number, code: number | null, signal: NodeJS.Signals | null): void => ctx.onWorkerExit?.(worker.id, pid, code, signal);
    // A worker whose runs are recorded (a job, an `on failure` daemon) goes through the recording shell.
    const started = recordsRuns(worker) ? await runJob(ctx.model, worker, { onExit }) : await startWorker(ctx.model, worker, onExit);
    details.push(`${worker.name}: ${started.detail}`);
    if (!started.ok) return { ok: false, detail: details.join('; ') };
  }
  return { ok: true, detail: details.join('; ') };
}

function historyEntry(done: ExecutedAction, before: ComponentHealth | undefined, started: number, incidentStartedAt: number | null, failedAt: number | undefined): HistoryEntry {
  const { action, result } = done;
  const after = result === 'succeeded' ? 'repaired' : result === 'escalated' ? 'needs-manual-intervention' : before?.status ?? 'unknown';
  return {
    time: new Date(started).toISOString(),
    component: action.target,
    problem: action.problem,
    rootCause: action.rootCause,
    action: action.kind,
    attempt: action.attempt,
    result,
    durationMs: done.durationMs,
    reason: action.reason,
    detail: done.detail,
    stateBefore: before?.status ?? 'unknown',
    stateAfter: after,
    ...(incidentStartedAt !== null ? { detectedAt: new Date(incidentStartedAt).toISOString() } : {}),
    ...(failedAt !== undefined ? { failedAt: new Date(failedAt).toISOString() } : {}),
    ...(action.fingerprint ? { fingerprint: action.fingerprint } : {}),
    ...(action.step ? { step: action.step.command } : {}),
  };
}
