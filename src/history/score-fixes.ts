/**
 * Scores from the audit trail (pure): for each incident fingerprint, how often each ladder rung
 * or recovery step was tried and how often it verifiably fixed the fault. A rung "fixed" an
 * incident when it was the incident's last repair, it succeeded, and the incident then closed
 * (the component stayed healthy: a later incident of that component began, or the trail has been
 * quiet for `settledMs` since). Every earlier attempt of that incident was futile.
 */
import type { HistoryEntry } from './history-log.js';

/** A rung of the repair ladder, or a declared recovery step (`step:<command>`). */
export type Rung = string;

/** How one rung fared against one fingerprint. */
export interface RungScore {
  tried: number;
  fixed: number;
}

/** Per fingerprint: closed incidents seen, and each rung's score. */
export interface FingerprintScores {
  cases: number;
  rungs: Record<Rung, RungScore>;
}

/** Scores of every fingerprint the trail knows. */
export type FixScores = Record<string, FingerprintScores>;

/** Options of {@link scoreFixes}; all optional. */
export interface ScoreOptions {
  /** Only incidents detected before this time count (the open incident must not teach itself). */
  before?: number;
  /** An incident with no later entry counts as closed once this long has passed (default 10 min). */
  settledMs?: number;
  now?: number;
}

/** The rung an action of the trail stands for, or null for what is not a rung (locks, waits). */
export function rungOfAction(action: string): Rung | null {
  switch (action) {
    case 'restart-worker': return 'restart';
    case 'restart-with-dependents': return 'restart-with-dependents';
    case 'rollback-configs': return 'rollback';
    case 'run-recovery-step': return 'step';
    case 'repair-config': return 'repair-config';
    default: return action.startsWith('step:') ? action : null;
  }
}

/** The rung an entry of the trail stands for: a recovery step is told apart by its command. */
export function rungOfEntry(e: Pick<HistoryEntry, 'action' | 'step'>): Rung | null {
  return e.action === 'run-recovery-step' && e.step ? `step:${e.step}` : rungOfAction(e.action);
}

/** Scores every rung against every fingerprint from the trail's closed incidents. */
export function scoreFixes(entries: readonly HistoryEntry[], options: ScoreOptions = {}): FixScores {
  const settledMs = options.settledMs ?? 600_000;
  const now = options.now ?? Date.now();
  const before = options.before ?? Number.POSITIVE_INFINITY;
  // Incidents: a component's entries that share a detection time.
  const incidents = new Map<string, HistoryEntry[]>();
  const latestOf = new Map<string, number>();
  for (const e of entries) {
    if (!e.detectedAt) continue;
    const key = `${e.component}\0${e.detectedAt}`;
    const list = incidents.get(key);
    if (list) list.push(e);
    else incidents.set(key, [e]);
    latestOf.set(e.component, Math.max(latestOf.get(e.component) ?? 0, Date.parse(e.detectedAt)));
  }
  const scores: FixScores = {};
  for (const list of incidents.values()) {
    const first = list[0] as HistoryEntry;
    const detected = Date.parse(first.detectedAt as string);
    if (detected >= before) continue;
    const fingerprint = list.find((e) => e.fingerprint)?.fingerprint;
    if (!fingerprint) continue;
    const last = list[list.length - 1] as HistoryEntry;
    const closed = (latestOf.get(first.component) ?? 0) > detected || Date.parse(last.time) + last.durationMs + settledMs <= now;
    if (!closed) continue;
    const tries = list.filter((e) => rungOfEntry(e) !== null && (e.result === 'succeeded' || e.result === 'failed'));
    if (tries.length === 0) continue;
    const score = (scores[fingerprint] ??= { cases: 0, rungs: {} });
    score.cases++;
    const fix = tries[tries.length - 1] as HistoryEntry;
    const escalatedAfter = list.indexOf(last) > list.indexOf(fix) && last.result === 'escalated';
    for (const e of tries) {
      const rung = rungOfEntry(e) as Rung;
      const r = (score.rungs[rung] ??= { tried: 0, fixed: 0 });
      r.tried++;
      if (e === fix && e.result === 'succeeded' && !escalatedAfter) r.fixed++;
    }
  }
  return scores;
}

/** Futile actions of each closed incident: repair attempts that were not the one that fixed it. */
export function countFutileActions(entries: readonly HistoryEntry[]): { incidents: number; futile: number } {
  const incidents = new Map<string, HistoryEntry[]>();
  for (const e of entries) {
    if (!e.detectedAt || rungOfEntry(e) === null || (e.result !== 'succeeded' && e.result !== 'failed')) continue;
    const key = `${e.component}\0${e.detectedAt}`;
    const list = incidents.get(key);
    if (list) list.push(e);
    else incidents.set(key, [e]);
  }
  let futile = 0;
  for (const list of incidents.values()) futile += list.length - 1;
  return { incidents: incidents.size, futile };
}
