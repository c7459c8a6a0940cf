/**
 * Which rung of the ladder an incident's next attempt takes (pure): the incident's fingerprint,
 * the lessons of the trail for it, and whether a config it depends on changed just before the
 * fault. The order is chosen at the incident's first attempt and kept for the whole incident.
 */
import { healthById, type ComponentHealth, type Diagnosis } from '../diagnose/types.js';
import type { DependencyGraph } from '../graph/build-graph.js';
import type { ComponentState } from '../history/agent-state.js';
import { fingerprintIncident } from '../history/incident-fingerprint.js';
import type { FixScores } from '../history/score-fixes.js';
import type { ComponentId, RecoveryStep, WorkerSpec } from '../map/types.js';
import { stepAnswers } from '../map/read-recovery.js';
import { DEFAULT_LADDER, orderLadder } from './order-ladder.js';
import { retriesSlowly } from './update-state.js';

/** What the choice reads, beyond the component's own health and state. */
export interface LessonInput {
  diagnosis: Diagnosis;
  graph: DependencyGraph;
  lastGood: ReadonlySet<ComponentId>;
  /** Scores of past incidents, by fingerprint (from the audit trail). */
  lessons?: FixScores;
  /** Configs whose text differs from their last known good copy, with their modification time. */
  configChanges?: ReadonlyMap<ComponentId, number>;
  /** How each worker last exited, when the agent saw it. */
  exits?: ReadonlyMap<ComponentId, { code: number | null; signal: string | null }>;
  /** How long before an incident a config change counts as "just before" it. */
  changeWindowMs: number;
  now: number;
}

/** The rung for the next attempt, as a ladder step, with the incident's fingerprint and ladder. */
export interface LadderDecision {
  step: 1 | 2 | 3;
  /** The declared recovery step to run instead of a ladder step, when its rung comes up. */
  recovery: RecoveryStep | null;
  fingerprint: string;
  ladder: string[];
  reason: string | null;
}

const STEP_OF: Record<string, 1 | 2 | 3> = { restart: 1, 'restart-with-dependents': 2, rollback: 3 };

/** Chooses the ladder step of a worker's next repair attempt. */
export function chooseLadderStep(input: LessonInput, h: ComponentHealth, s: ComponentState): LadderDecision {
  const worker = input.graph.nodes.get(h.id) as WorkerSpec;
  const configs = worker.dependsOn.filter((d) => d.startsWith('config:'));
  const health = healthById(input.diagnosis);
  const changed = configs.filter((c) => input.configChanges?.has(c));
  const fingerprint = s.fingerprint ?? fingerprintIncident({
    problems: h.problems.filter((p) => p.code !== 'dependency-unhealthy' && p.code !== 'needs-manual-intervention').map((p) => p.code),
    exit: input.exits?.get(h.id) ?? null,
    dependencies: (input.graph.dependencies.get(h.id) ?? []).map((d) => health.get(d)?.status ?? 'ok'),
    configChanged: changed.length > 0,
  });
  let ladder = s.ladder;
  let reason = s.ladderReason ?? null;
  if (!ladder) {
    const started = s.incidentStartedAt ?? input.now;
    const justBefore = changed.some((c) => (input.configChanges?.get(c) ?? 0) >= started - input.changeWindowMs);
    // Declared steps answering this problem come first (a runbook knows best), then the default ladder.
    const defaults = configs.some((c) => input.lastGood.has(c)) ? DEFAULT_LADDER : DEFAULT_LADDER.filter((r) => r !== 'rollback');
    const rungs = [...new Set([...stepsFor(worker, h).map((st) => `step:${st.command}`), ...defaults])];
    const choice = orderLadder({ rungs, scores: input.lessons?.[fingerprint], configChangedJustBefore: justBefore });
    ladder = choice.order;
    reason = choice.reason;
  }
  // Past the end of a short ladder (no config to roll back) the last attempts are plain restarts,
  // and so are the slow retries after the ladder's end.
  const rung = retriesSlowly(s) ? 'restart' : (ladder[s.attempts] ?? 'restart');
  const recovery = rung.startsWith('step:') ? (stepsFor(worker, h).find((st) => `step:${st.command}` === rung) ?? null) : null;
  return { step: STEP_OF[rung] ?? 1, recovery, fingerprint, ladder, reason };
}

/** The worker's declared steps that answer one of its current problems. */
export function stepsFor(worker: WorkerSpec, h: Pick<ComponentHealth, 'problems'>): RecoveryStep[] {
  return (worker.recovery ?? []).filter((st) => h.problems.some((p) => stepAnswers(st.when, p.code)));
}
