/**
 * Diagnosis + graph + remembered state -> an ordered repair plan (pure). Targets are taken in
 * topological order; a component is repaired only after the actions of what it depends on, and
 * when something upstream cannot be repaired this cycle, it is reported blocked instead.
 */
import type { DependencyGraph } from '../graph/build-graph.js';
import { healthById, type ComponentHealth, type Diagnosis, type Problem } from '../diagnose/types.js';
import { formatDuration } from '../map/parse-values.js';
import { canEditFormat } from '../map/config-format.js';
import type { ComponentId, ConfigSpec, ResolvedSettings, WorkerSpec } from '../map/types.js';
import { componentState, type AgentState, type ComponentState } from '../history/agent-state.js';
import type { ActionKind, Plan, PlannedAction } from './types.js';
import { chooseLadderStep, stepsFor } from './choose-ladder.js';
import { chooseRestartDependents, describeCarried, describeStepTwo } from './choose-dependents.js';
import { planRejuvenation } from './plan-rejuvenation.js';
import { retriesSlowly } from './update-state.js';
import type { FixScores } from '../history/score-fixes.js';
import type { RuleFact } from '../diagnose/rule-problems.js';

/** What the planner reads. */
export interface PlanInput {
  diagnosis: Diagnosis;
  graph: DependencyGraph;
  order: ComponentId[];
  settings: ResolvedSettings;
  state: AgentState;
  /** Configs that have a last-known-good copy (for ladder step 3). */
  lastGood: ReadonlySet<ComponentId>;
  now: number;
  /** Ignore backoff and the escalation cooldown (a person asked for this repair now). */
  force?: boolean;
  /** Scores of past incidents by fingerprint (from the trail): lessons reorder the ladder. */
  lessons?: FixScores;
  /** Configs that differ from their last known good copy, with their modification time. */
  configChanges?: ReadonlyMap<ComponentId, number>;
  /** How each worker last exited, when known (part of an incident's fingerprint). */
  exits?: ReadonlyMap<ComponentId, { code: number | null; signal: string | null }>;
  /** Forecast breach times by component (`predicted-…` warnings in the diagnosis). */
  predictions?: ReadonlyMap<ComponentId, number>;
}

const RESTART_CODES = new Set(['process-dead', 'process-zombie', 'process-stopped', 'process-hung', 'port-closed', 'unhealthy']);
const CONFIG_CODES = new Set(['config-missing', 'config-invalid-json', 'config-unparsable', 'config-check-failed', 'config-not-object', 'config-field-missing', 'config-field-wrong-type', 'config-field-out-of-range']);

// Cross-config rules: a mismatch is copied from the source of truth; a source lacking the field is a human's.
const RULE_CODES = new Set(['config-mismatch', 'config-source-field-missing']);

const NONE: readonly never[] = [];

/** Plans the repairs of one cycle. */
export function planRepairs(input: PlanInput): Plan {
  const { diagnosis, order } = input;
  const health = healthById(diagnosis);
  const actions: PlannedAction[] = [];
  // Per component: the last action that repairs it, or the unhealthy components that hold it back.
  const lastAction = new Map<ComponentId, number>();
  const nearestActions = new Map<ComponentId, number[]>();
  const nearestBlockers = new Map<ComponentId, ComponentId[]>();
  const stuck = new Map<ComponentId, string>();

  // Indexed loops: an iterator allocates a result object per step until V8 optimizes the loop.
  for (let i = 0; i < order.length; i++) {
    const id = order[i] as ComponentId;
    // Sets only below an action or a blocker: a healthy map allocates nothing here.
    let after: Set<number> | null = null;
    let blockers: Set<ComponentId> | null = null;
    const deps = input.graph.dependencies.get(id) ?? NONE;
    for (let d = 0; d < deps.length; d++) {
      const dep = deps[d] as ComponentId;
      const own = lastAction.get(dep);
      if (own !== undefined) (after ??= new Set()).add(own);
      else for (const a of nearestActions.get(dep) ?? NONE) (after ??= new Set()).add(a);
      if (stuck.has(dep)) (blockers ??= new Set()).add(dep);
      else for (const b of nearestBlockers.get(dep) ?? NONE) (blockers ??= new Set()).add(b);
    }
    if (after) nearestActions.set(id, [...after]);
    if (blockers) nearestBlockers.set(id, [...blockers]);
    const h = health.get(id);
    const flap = input.state.components[id];
    // A flapping component holds its dependents, healthy at this moment or not.
    if (flap?.flapping) stuck.set(id, `${id} is flapping (${flap.flapPercent ?? 0} % state changes over its last checks)`);
    if (!h || h.status === 'ok') continue;
    const problems = h.problems.filter((p) => p.code !== 'dependency-unhealthy' && p.code !== 'needs-manual-intervention' && !p.code.startsWith('predicted-'));
    if (problems.length === 0) {
      // Only a forecast is wrong: a restart before the breach where the map allows it, else just the warning.
      const rejuvenate = h.kind === 'worker' && !blockers ? planRejuvenation(input, h) : null;
      if (rejuvenate) {
        const carried = chooseRestartDependents(input, id, new Set(actions.map((a) => a.target)));
        actions.push({ id: actions.length + 1, kind: 'restart-worker', target: id, problem: rejuvenate.problem.code, reason: `${rejuvenate.reason}${describeCarried(carried)}`, rootCause: id, attempt: 0, ladderStep: null, after: after ? [...after] : [], workers: [id, ...carried.restarted], configs: [] });
        lastAction.set(id, actions.length);
      }
      // A rule chain (a = b, b = c): once b gets c's value, a is copied from b in the same pass.
      const upstream = h.kind === 'config' && !blockers ? chainedCopySource(input, id, actions, lastAction) : null;
      if (upstream) {
        actions.push({ id: actions.length + 1, kind: 'copy-config-value', target: id, problem: 'config-mismatch', reason: `its source of truth ${upstream.slice(7)} is being copied into first; then copy the value again, restarting readers only if it changed`, rootCause: h.causedBy ?? id, attempt: 0, ladderStep: null, after: after ? [...after] : [], workers: withPartOf(input, runningReaders(input, id), actions), configs: [] });
        lastAction.set(id, actions.length);
      }
      continue;
    }
    const push = (kind: ActionKind, problem: Problem, reason: string, extra: Partial<PlannedAction> = {}): PlannedAction => {
      const action: PlannedAction = {
        id: actions.length + 1, kind, target: id, problem: problem.code, reason, rootCause: h.causedBy ?? (h.problems.length > 0 ? id : null),
        attempt: 0, ladderStep: null, after: after ? [...after] : [], workers: [], configs: [], ...extra,
      };
      actions.push(action);
      if (kind === 'wait' || kind === 'blocked' || kind === 'escalate') stuck.set(id, reason);
      else lastAction.set(id, action.id);
      return action;
    };
    const first = problems[0] as Problem;
    if (blockers) {
      const blocker = [...blockers][0] as ComponentId;
      push('blocked', first, `waits for ${blocker}: ${stuck.get(blocker) ?? 'not repaired this cycle'}`);
      continue;
    }
    planComponent(input, h, problems, push, actions);
  }
  return { createdAt: new Date(input.now).toISOString(), actions };
}

type Push = (kind: ActionKind, problem: Problem, reason: string, extra?: Partial<PlannedAction>) => PlannedAction;

function planComponent(input: PlanInput, h: ComponentHealth, problems: Problem[], push: Push, actions: PlannedAction[]): void {
  const { now, settings } = input;
  const s = componentState(input.state, h.id);
  const first = problems[0] as Problem;
  const describe = (p: Problem): string => `${p.code}: ${p.message}`;
  const held = problems.find((p) => p.code === 'port-held-by-other');
  if (!input.force && retriesSlowly(s) && (s.nextAttemptAt ?? 0) > now) {
    push('wait', first, `needs manual intervention (${s.escalationReason ?? 'escalated'}); next slow retry in ${formatDuration((s.nextAttemptAt ?? now) - now)}`);
    return;
  }
  const heldStep = held && h.kind === 'worker' && s.attempts === 0 ? stepsFor(input.graph.nodes.get(h.id) as WorkerSpec, { problems: [held] })[0] : undefined;
  if (held && heldStep) {
    const carried = heldStep.then === 'restart' ? chooseRestartDependents(input, h.id, new Set(actions.map((a) => a.target))) : { restarted: [], leftRunning: [] };
    push('run-recovery-step', held, `${describe(held)}; the map's recovery step \`${heldStep.command}\` answers it${heldStep.then === 'restart' ? ', then a restart' : ''}${describeCarried(carried)}`, { attempt: s.attempts + 1, workers: [h.id, ...carried.restarted], step: heldStep });
    return;
  }
  if (held) {
    push('escalate', held, `${describe(held)}; healmap never signals a process it cannot tie to the map`);
    return;
  }
  if (h.kind === 'file') {
    planFile(input, h, problems, push);
    return;
  }
  const spec = input.graph.nodes.get(h.id) as WorkerSpec | undefined;
  if (h.kind === 'worker' && spec?.type === 'job' && planJob(input, h, spec, problems, push)) return;
  if (h.kind === 'worker' && spec?.restart === 'never' && problems.some((p) => RESTART_CODES.has(p.code))) {
    push('wait', first, `not restarted: its restart policy is \`never\` (${describe(first)})`);
    return;
  }
  const repairable = problems.filter((p) => RESTART_CODES.has(p.code) || CONFIG_CODES.has(p.code) || RULE_CODES.has(p.code) || p.code === 'lock-stale');
  if (repairable.length === 0) return;
  if (!input.force && !retriesSlowly(s) && (s.nextAttemptAt ?? 0) > now) {
    push('wait', first, `backoff after attempt ${s.attempts}: next attempt in ${formatDuration((s.nextAttemptAt ?? now) - now)}`);
    return;
  }
  const recent = s.attemptTimes.filter((t) => now - t < settings.failureWindowMs).length;
  const lesson = h.kind === 'worker' ? chooseLadderStep({ ...input, changeWindowMs: settings.healthyResetMs }, h, s) : null;
  // Every rung is climbed before the ladder's end (a declared step makes it four); a short ladder
  // still gets three attempts, the last ones plain restarts.
  const rungs = Math.max(3, lesson?.ladder.length ?? 0);
  // The ladder's end escalates even after a notification for flapping: retries slow down from here.
  if (!retriesSlowly(s) && (s.attempts >= rungs || recent > settings.maxFailures)) {
    const why = s.attempts >= rungs ? `the repair ladder is exhausted after ${s.attempts} attempts` : `crash loop: ${recent} repairs within ${formatDuration(settings.failureWindowMs)}`;
    push('escalate', first, `${why} (${describe(first)})`, { attempt: s.attempts });
    return;
  }
  // Flapping notifies once per episode (Nagios suppresses notices while a service flaps) and holds
  // its dependents, but the worker itself is still repaired at its backoff, up its ladder: a worker
  // killed now and then after staying up must not wait a cooldown for it, and one that keeps dying
  // early still reaches step 2 and step 3.
  if (s.flapping && !s.flapNotified && h.kind === 'worker' && s.escalatedAt === null) {
    push('escalate', first, `flapping: ${s.flapPercent ?? 0} % state changes over its last ${s.checks?.length ?? 0} checks; holding its dependents while it is repaired (${describe(first)})`, { attempt: s.attempts, escalatedBy: 'flapping' });
  }
  const attempt = s.attempts + 1;
  const step = lesson?.step ?? ladderStep(s);
  const learned = lesson ? { fingerprint: lesson.fingerprint, ladder: lesson.ladder, ladderReason: lesson.reason } : {};
  const why = lesson?.reason && !retriesSlowly(s) ? `; ${lesson.reason}` : '';
  const lock = problems.find((p) => p.code === 'lock-stale');
  if (lock) push('remove-lock', lock, describe(lock), { attempt });
  if (h.kind === 'config' && !canEditFormat((input.graph.nodes.get(h.id) as ConfigSpec).format)) {
    push('escalate', first, `${describe(first)}; healmap validates this ${(input.graph.nodes.get(h.id) as ConfigSpec).format} config but never rewrites it`, { attempt: s.attempts });
    return;
  }
  if (h.kind === 'config' && planRuleCopy(input, h, problems, push, attempt, actions)) return;
  if (h.kind === 'config') {
    const mode = step === 3 && input.lastGood.has(h.id) ? ' from its last known good copy' : '';
    push('repair-config', first, `${describe(first)}${mode}`, { attempt, ladderStep: step });
    return;
  }
  const restart = problems.find((p) => RESTART_CODES.has(p.code));
  if (!restart) return;
  if ((h.facts.state === 'running' || h.facts.state === 'stopped') && h.facts.identifiedBy === 'command-line') {
    push('escalate', restart, `${describe(restart)}; pid ${String(h.facts.pid)} was found only by its command line, so healmap will not signal it (declare a pidfile, or restart it by hand)`);
    return;
  }
  // Never started (no pidfile records it) and never tried: a plain start, not a repair attempt.
  if (restart.code === 'process-dead' && h.facts.hasPidfile === false && s.attempts === 0) {
    push('start-worker', restart, 'not running and never started by healmap: starting it', { workers: [h.id] });
    return;
  }
  const retry = retriesSlowly(s) ? 'slow retry after escalation; ' : '';
  const worker = input.graph.nodes.get(h.id) as WorkerSpec;
  // Every restart carries the running workers that are part of this one (systemd's PartOf=).
  const carried = chooseRestartDependents(input, h.id, new Set(actions.map((a) => a.target)));
  const withCarried = [h.id, ...carried.restarted];
  if (lesson?.recovery) {
    const st = lesson.recovery;
    const restarts = st.then === 'restart' ? { workers: withCarried, also: describeCarried(carried) } : { workers: [h.id], also: '' };
    push('run-recovery-step', restart, `${describe(restart)}; the map's recovery step for ${st.when} runs \`${st.command}\`${st.then === 'restart' ? ', then restarts it' : ' instead of a restart'}${restarts.also}${why}`, { attempt, workers: restarts.workers, step: st, ...learned });
    return;
  }
  if (step === 2) {
    push('restart-with-dependents', restart, `${retry}${describe(restart)}; ladder step 2 restarts it${describeStepTwo(h.id, carried)}${why}`, { attempt, ladderStep: 2, workers: withCarried, ...learned });
    return;
  }
  if (step === 3) {
    const configs = worker.dependsOn.filter((d) => d.startsWith('config:') && input.lastGood.has(d) && !isRuleSource(input.graph, d));
    if (configs.length > 0) {
      push('rollback-configs', restart, `${retry}${describe(restart)}; ladder step 3 rolls back ${configs.join(', ')} to the last known good and restarts${describeCarried(carried)}${why}`, { attempt, ladderStep: 3, workers: withCarried, configs, ...learned });
      return;
    }
  }
  push('restart-worker', restart, `${retry}${describe(restart)}${step === 3 ? '; no last-known-good config to roll back' : ''}${describeCarried(carried)}${why}`, { attempt, ladderStep: step, workers: withCarried, ...learned });
}

// A job due (never run, scheduled, or its output stale) runs; a failed run is re-run with the
// same backoff and ladder as a restart, unless its restart policy is `never`. True when planned.
function planJob(input: PlanInput, h: ComponentHealth, job: WorkerSpec, problems: Problem[], push: Push): boolean {
  const run = problems.find((p) => p.code === 'job-due' || p.code === 'job-failed');
  if (!run) return false;
  const { now, settings } = input;
  const s = componentState(input.state, h.id);
  const describe = `${run.code}: ${run.message}`;
  const lock = problems.find((p) => p.code === 'lock-stale');
  if (run.code === 'job-due') {
    if (lock) push('remove-lock', lock, `lock-stale: ${lock.message}`, { attempt: s.attempts + 1 });
    push('run-job', run, describe, { workers: [h.id] });
    return true;
  }
  if (job.restart === 'never') {
    push('wait', run, `not re-run: its restart policy is \`never\` (${describe})`);
    return true;
  }
  if (!input.force && !retriesSlowly(s) && (s.nextAttemptAt ?? 0) > now) {
    push('wait', run, `backoff after attempt ${s.attempts}: next run in ${formatDuration((s.nextAttemptAt ?? now) - now)}`);
    return true;
  }
  const recent = s.attemptTimes.filter((t) => now - t < settings.failureWindowMs).length;
  if (!retriesSlowly(s) && (s.attempts >= 3 || recent > settings.maxFailures)) {
    push('escalate', run, `the job failed ${s.attempts} re-runs (${describe})`, { attempt: s.attempts });
    return true;
  }
  const attempt = s.attempts + 1;
  if (lock) push('remove-lock', lock, `lock-stale: ${lock.message}`, { attempt });
  const retry = retriesSlowly(s) ? 'slow retry after escalation; ' : '';
  push('run-job', run, `${retry}${describe}; re-run`, { attempt, ladderStep: ladderStep(s), workers: [h.id] });
  return true;
}

function planFile(input: PlanInput, h: ComponentHealth, problems: Problem[], push: Push): void {
  const missing = problems.find((p) => p.code === 'file-missing');
  const s = componentState(input.state, h.id);
  const { producer, folder } = input.graph.nodes.get(h.id) as { producer: ComponentId | null; folder?: true };
  if (missing) {
    const what = folder ? 'folder' : 'file';
    const how = h.causedBy && producer ? `created after ${producer} is repaired, unless it writes the ${what} first` : folder ? 'create the folder' : 'create it (empty or its declared content)';
    push('create-file', missing, `file-missing: ${how}`, { attempt: s.attempts + 1, ladderStep: 1 });
    return;
  }
  const stale = problems.find((p) => p.code === 'file-stale');
  if (!stale || h.causedBy) return;
  if (producer === null) push('escalate', stale, `file-stale: ${stale.message}; no producer is declared, so healmap cannot refresh it`);
  else push('wait', stale, `file-stale: ${producer.slice('worker:'.length)} (or what it depends on) started less than one SLA ago; waiting for its next write`);
}

// A config whose only problems are its cross-config rules: copy the sources' values, then restart
// its running readers. A source lacking the field, or a value that cannot be copied, is escalated:
// healmap never edits a source of truth. True when planned.
function planRuleCopy(input: PlanInput, h: ComponentHealth, problems: Problem[], push: Push, attempt: number, actions: PlannedAction[]): boolean {
  if (isRuleSource(input.graph, h.id)) {
    const first = problems[0] as Problem;
    const followers = (input.graph.dependents.get(h.id) ?? []).filter((id) => id.startsWith('config:')).map((id) => id.slice(7)).join(', ');
    push('escalate', first, `${first.code}: ${first.message}; it is the source of truth of ${followers}, which healmap never edits (nothing is copied until it is fixed)`);
    return true;
  }
  // Problems a config repair fixes go first (a missing or unparsable file); the mismatch is copied after.
  if (problems.some((p) => CONFIG_CODES.has(p.code))) return false;
  const mismatches = problems.filter((p) => p.code === 'config-mismatch');
  const lacking = problems.find((p) => p.code === 'config-source-field-missing');
  if (mismatches.length === 0 && lacking) {
    push('escalate', lacking, `config-source-field-missing: ${lacking.message}; healmap never invents a value for others to copy`);
    return true;
  }
  if (mismatches.length === 0) return false;
  const first = mismatches[0] as Problem;
  const refusal = ((h.facts.rules ?? []) as RuleFact[]).find((r) => !r.holds && r.refusal);
  if (refusal) {
    push('escalate', first, `config-mismatch: ${mismatches.map((p) => p.message).join('; ')}; not copied`);
    return true;
  }
  const readers = withPartOf(input, runningReaders(input, h.id), actions);
  const then = readers.length > 0 ? `, then restart ${readers.map((id) => id.slice(7)).join(', ')}` : '';
  push('copy-config-value', first, `config-mismatch: ${mismatches.map((p) => p.message).join('; ')}; copy the value from the source of truth${then}`, { attempt, workers: readers });
  return true;
}

// Running readers of a config restart with its new value; a reader with problems of its own gets
// its own repair after the copy, and a job reads the value at its next run.
function runningReaders(input: PlanInput, config: ComponentId): ComponentId[] {
  const health = healthById(input.diagnosis);
  return input.order.filter((id) => id.startsWith('worker:') && (input.graph.dependencies.get(id) ?? []).includes(config) && health.get(id)?.facts.state === 'running'
    && (input.graph.nodes.get(id) as WorkerSpec | undefined)?.type !== 'job'
    && health.get(id)?.facts.identifiedBy !== 'command-line' && (health.get(id)?.problems ?? NONE).every((p) => p.code === 'dependency-unhealthy'));
}

// Workers to restart, with the running workers part of each (systemd's PartOf=), in order.
function withPartOf(input: PlanInput, ids: ComponentId[], actions: PlannedAction[]): ComponentId[] {
  const planned = new Set(actions.map((a) => a.target));
  const all = new Set(ids);
  for (const id of ids) for (const c of chooseRestartDependents(input, id, planned).restarted) all.add(c);
  return input.order.filter((id) => all.has(id));
}

// The source of truth of a config that gets a copy earlier in this plan, or null.
function chainedCopySource(input: PlanInput, id: ComponentId, actions: PlannedAction[], lastAction: Map<ComponentId, number>): ComponentId | null {
  for (const dep of input.graph.dependencies.get(id) ?? []) {
    const planned = lastAction.get(dep);
    if (dep.startsWith('config:') && planned !== undefined && actions[planned - 1]?.kind === 'copy-config-value') return dep;
  }
  return null;
}

// Only cross-config rules make a config depend on a config. A config others copy from, and that copies
// from none, is a source of truth (the middle of a chain a = b = c takes its value from c: it may be repaired).
function isRuleSource(graph: DependencyGraph, id: ComponentId): boolean {
  const ruled = (ids: ComponentId[] | undefined): boolean => (ids ?? []).some((d) => d.startsWith('config:'));
  return id.startsWith('config:') && ruled(graph.dependents.get(id)) && !ruled(graph.dependencies.get(id));
}

function ladderStep(s: ComponentState): 1 | 2 | 3 {
  if (retriesSlowly(s)) return 1;
  return Math.min(3, s.attempts + 1) as 1 | 2 | 3;
}
