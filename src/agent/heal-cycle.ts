import type { HealthVerdict } from '../probe/probe-health.js';
import type { Diagnosis } from '../diagnose/types.js';
import { escalatedComponents, readAgentState, saveAgentState, type AgentState } from '../history/agent-state.js';
import { appendHistory, readHistory } from '../history/history-log.js';
import { scoreFixes, type FixScores } from '../history/score-fixes.js';
import { statePaths } from '../fs/state-paths.js';
import type { LoadedMap } from '../map/load-map.js';
import type { ComponentId, ConfigSpec } from '../map/types.js';
import { planRepairs } from '../plan/plan-repairs.js';
import type { Plan } from '../plan/types.js';
import { observeDiagnosis } from '../plan/update-state.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { executePlan, type ExecutedAction } from '../repair/execute-plan.js';
import { readLastGood } from '../repair/repair-config.js';
import { diagnosisToJson } from '../report/render-json.js';
import { acquireLock, LockBusyError, type HeldLock } from './action-lock.js';
import { notifyIncidents } from './notify-incidents.js';
import { checkSystem } from './check-system.js';
import { trackGoodConfigs } from './track-good-configs.js';
import { takeSamples } from './take-samples.js';
import { predictBreaches, withPredictions, type PredictOptions, type Prediction } from '../diagnose/predict-breaches.js';
import type { SampleWindow } from '../history/sample-window.js';

/** Options of one healing pass; all optional. */
export interface HealOptions {
  /** Plan only: change nothing (`healmap plan`, `heal --dry-run`). */
  dryRun?: boolean;
  /** Ignore backoff and the escalation cooldown for this pass (a person asked). */
  force?: boolean;
  /** How long to wait for another healmap that is repairing (heal beside watch). */
  lockWaitMs?: number;
  /** Heal only this part of the graph (an event's affected scope); default the whole map. */
  only?: Set<ComponentId>;
  /** Known failure times of components (a worker's exit), for time-to-detect figures. */
  failedAt?: Map<ComponentId, number>;
  onAction?: (executed: ExecutedAction) => void;
  onWorkerExit?: (worker: ComponentId, pid: number, code: number | null, signal: NodeJS.Signals | null) => void;
  onStopping?: (worker: ComponentId, pid: number) => void;
  /** Takes the action lock (the daemon shares one among passes that run side by side). */
  actionLock?: () => Promise<HeldLock>;
  /**
   * Runs state updates one at a time (the daemon's passes run side by side): each save re-reads
   * the state and replaces only the components of this pass's scope, so passes on disjoint
   * scopes never lose each other's updates.
   */
  serializeState?: <T>(update: () => Promise<T>) => Promise<T>;
  /** Health verdicts kept by the daemon's health timers (one-shot runs check each worker once). */
  healthVerdicts?: ReadonlyMap<ComponentId, HealthVerdict>;
  /** How workers healmap started last exited (from their child `exit` events), for fingerprints. */
  exits?: ReadonlyMap<ComponentId, { code: number | null; signal: string | null }>;
  /** The daemon's sample memory: each check adds to it, and breaches it forecasts are warned about. */
  samples?: SampleWindow;
  predict?: PredictOptions;
}

/** What one healing pass saw, planned, did, and saw afterwards. */
export interface HealResult {
  before: Diagnosis;
  plan: Plan;
  executed: ExecutedAction[];
  after: Diagnosis;
  /** The agent state the pass left (attempts, backoff), for the daemon's retry timers. */
  state: AgentState;
  /** Why the trail or state could not be written (a full disk): reported, never fatal. */
  persistErrors: string[];
  /** Breaches forecast from the samples (only with `samples`). */
  predictions: Prediction[];
}

/** One healing pass: check, plan dependencies-first, act in order with verification, re-check. */
export async function runHealCycle(map: LoadedMap, options: HealOptions = {}): Promise<HealResult> {
  const paths = statePaths(map.model.rootDir);
  let lock: HeldLock | null = null;
  let lockError: string | null = null;
  if (!options.dryRun) {
    try {
      lock = await (options.actionLock ? options.actionLock() : acquireLock(paths.actionLock, 'another healmap is repairing this map', options.lockWaitMs ?? 120_000));
    } catch (error) {
      // Another healmap repairing is a refusal; a lock that cannot be written (full disk) still lets us report.
      if (error instanceof LockBusyError) throw error;
      lockError = `${(error as Error).message}; nothing was repaired`;
    }
  }
  try {
    const stored = await readAgentState(paths.state);
    let state = stored.state;
    const now = Date.now();
    const checked = await checkSystem(map, { escalated: escalatedComponents(state), only: options.only, healthVerdicts: options.healthVerdicts });
    const { probe, order } = checked;
    let predictions: Prediction[] = [];
    if (options.samples) {
      takeSamples(options.samples, checked.diagnosis, now);
      predictions = predictBreaches(map.model, options.samples, checked.diagnosis, now, options.predict);
    }
    const before = withPredictions(checked.diagnosis, predictions);
    state = observeDiagnosis(state, before, map.model.settings, now);
    const configs = await trackGoodConfigs(map, probe, before, { only: options.only, save: !options.dryRun }).catch(async () => ({ good: await knownGoodConfigs(map), changed: new Map<ComponentId, number>() }));
    const lessons = await learnFromHistory(paths.history, before, now);
    const plan = planRepairs({ diagnosis: before, graph: map.graph, order, settings: map.model.settings, state, lastGood: configs.good, now, force: options.force, lessons, configChanges: configs.changed, exits: options.exits, predictions: new Map(predictions.map((p) => [p.component, p.breachAt])) });
    if (options.dryRun || lockError) return { before, plan, executed: [], after: before, state, persistErrors: lockError ? [lockError] : [], predictions };
    const persistErrors: string[] = [];
    const persist = async (what: string, write: () => Promise<void>): Promise<void> => {
      try {
        await write();
      } catch (error) {
        // A full or read-only disk must not stop healing; the old file stays intact (atomic writes).
        persistErrors.push(`could not write ${what}: ${(error as Error).message}`);
      }
    };
    let stateText = stored.text;
    const only = options.only;
    const serialize = options.serializeState;
    const saveState = (next: AgentState): Promise<void> => persist('the agent state', async () => {
      if (!serialize || !only) {
        stateText = await saveAgentState(paths.state, next, stateText);
        return;
      }
      await serialize(async () => {
        const current = await readAgentState(paths.state);
        await saveAgentState(paths.state, mergeScopedState(current.state, next, only), current.text);
      });
    });
    await saveState(state);
    // Actions run side by side; their history lines are appended one after another.
    let appends: Promise<void> = Promise.resolve();
    const writeReport = async (): Promise<string> => {
      await writeFileAtomic(paths.lastReport, `${JSON.stringify(diagnosisToJson(before), null, 2)}\n`);
      return paths.lastReport;
    };
    const outcome = await executePlan(plan, { model: map.model, graph: map.graph, diagnosis: before, state, writeReport, failedAt: options.failedAt, record: (entry) => (appends = appends.then(() => persist('the history', () => appendHistory(paths.history, [entry])))), onAction: options.onAction, onWorkerExit: options.onWorkerExit, onStopping: options.onStopping, verifyHealthy: (id, withinMs) => waitHealthy(map, id, withinMs) });
    await saveState(outcome.state);
    // Forecasts still stand afterwards, except for workers this pass restarted (a fresh curve).
    const restarted = new Set(outcome.executed.filter((e) => e.result === 'succeeded').flatMap((e) => e.action.workers));
    const standing = predictions.filter((p) => !restarted.has(p.component));
    const after = plan.actions.length === 0 ? before : withPredictions((await checkSystem(map, { escalated: escalatedComponents(outcome.state), only: options.only, healthVerdicts: options.healthVerdicts })).diagnosis, standing);
    // Alertmanager and `on recover`: what is still wrong after this pass fires, what recovered resolves.
    const notified = await notifyIncidents(map, after, options.only).catch((error: Error) => ({ errors: [error.message] }));
    for (const error of notified.errors) persistErrors.push(`notification: ${error}`);
    return { before, plan, executed: outcome.executed, after, state: outcome.state, persistErrors, predictions };
  } finally {
    await lock?.release();
  }
}

// Polls a component's own check (with what it needs and writes) until it is healthy or time is up.
async function waitHealthy(map: LoadedMap, id: ComponentId, withinMs: number): Promise<{ ok: boolean; detail: string }> {
  const node = map.graph.nodes.get(id);
  const scope = new Set([id, ...(map.graph.dependencies.get(id) ?? []), ...(node?.kind === 'worker' ? node.produces : [])]);
  const deadline = Date.now() + withinMs;
  for (;;) {
    const h = (await checkSystem(map, { escalated: new Map(), only: scope })).diagnosis.components.find((c) => c.id === id);
    if (h?.status === 'ok') return { ok: true, detail: 'verified healthy' };
    if (Date.now() >= deadline) return { ok: false, detail: `still unhealthy after ${Math.round(withinMs / 1000)}s (${h?.problems.map((p) => p.code).join(', ') || h?.status || 'not checked'})` };
    await new Promise((r) => setTimeout(r, 250));
  }
}

// Lessons of past incidents, read from the trail only when a worker needs repairing.
async function learnFromHistory(historyPath: string, diagnosis: Diagnosis, now: number): Promise<FixScores | undefined> {
  if (!diagnosis.components.some((c) => c.kind === 'worker' && c.status !== 'ok')) return undefined;
  return scoreFixes(await readHistory(historyPath).catch(() => []), { now });
}

async function knownGoodConfigs(map: LoadedMap): Promise<Set<ComponentId>> {
  const good = new Set<ComponentId>();
  for (const config of map.model.configs as ConfigSpec[]) if ((await readLastGood(map.model, config)) !== null) good.add(config.id);
  return good;
}

// The stored state with this pass's scope replaced by the pass's view of it.
function mergeScopedState(stored: AgentState, mine: AgentState, scope: Set<ComponentId>): AgentState {
  const components = { ...stored.components };
  for (const id of scope) {
    const s = mine.components[id];
    if (s) components[id] = s;
    else delete components[id];
  }
  return { ...stored, components };
}
