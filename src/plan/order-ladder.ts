/**
 * The order of an incident's repair ladder, from lessons (pure). By default the ladder is
 * restart, restart with dependents, roll configs back. After enough closed incidents with the
 * same fingerprint the rung that fixed it most often goes first, and the plan says why; a fault
 * that began right after a config change tries the rollback first. Every rung stays on the
 * ladder and escalation still follows the last one: lessons reorder, never skip. Every
 * `exploreEvery`th incident of a fingerprint takes the default order, so a lesson that went
 * stale (the fault's cause changed) is unlearned.
 */
import type { FingerprintScores, Rung } from '../history/score-fixes.js';

/** The ladder healmap climbs when it has learned nothing. */
export const DEFAULT_LADDER: readonly Rung[] = Object.freeze(['restart', 'restart-with-dependents', 'rollback']);

/** What the ordering reads. */
export interface LadderInput {
  /** The rungs available to this incident, in their default order. */
  rungs: readonly Rung[];
  /** Lessons for this incident's fingerprint, if any. */
  scores?: FingerprintScores;
  /** A config the component depends on changed just before the fault (rollback becomes first). */
  configChangedJustBefore?: boolean;
  /** Closed incidents needed before a lesson is applied (default 5). */
  minCases?: number;
  /** Every this many incidents of a fingerprint, the default order is explored (default 5). */
  exploreEvery?: number;
}

/** The chosen order and, when it is not the default one, why. */
export interface LadderChoice {
  order: Rung[];
  reason: string | null;
}

const LABELS: Record<string, string> = {
  restart: 'restart',
  'restart-with-dependents': 'restart with dependents',
  rollback: 'config rollback',
  'repair-config': 'config repair',
};

/** A rung's name as a person reads it. */
export function describeRung(rung: Rung): string {
  return LABELS[rung] ?? (rung.startsWith('step:') ? `step \`${rung.slice(5)}\`` : rung);
}

/** Chooses the ladder's order for one incident. */
export function orderLadder(input: LadderInput): LadderChoice {
  const rungs = [...input.rungs];
  const minCases = input.minCases ?? 5;
  const exploreEvery = Math.max(2, input.exploreEvery ?? 5);
  if (input.configChangedJustBefore && rungs.includes('rollback')) {
    return { order: ['rollback', ...rungs.filter((r) => r !== 'rollback')], reason: 'a config it depends on changed just before the fault: config rollback first' };
  }
  const scores = input.scores;
  if (!scores || scores.cases < minCases) return { order: rungs, reason: null };
  if ((scores.cases + 1) % exploreEvery === 0) {
    return { order: rungs, reason: `exploring the default order (every ${exploreEvery}th incident of this kind) so a stale lesson fades; ${summarize(rungs, scores)}` };
  }
  // Laplace-smoothed fix rate: an untried rung counts as a coin toss, above a rung that keeps failing.
  const rate = (r: Rung): number => ((scores.rungs[r]?.fixed ?? 0) + 1) / ((scores.rungs[r]?.tried ?? 0) + 2);
  const order = rungs.map((r, i) => ({ r, i })).sort((a, b) => rate(b.r) - rate(a.r) || a.i - b.i).map((x) => x.r);
  if (order.every((r, i) => r === rungs[i])) return { order, reason: `lessons agree with the default order: ${summarize(order, scores)}` };
  return { order, reason: `${summarize(order, scores)} (${scores.cases} past incidents like this)` };
}

// "config rollback fixed this 4 of 5 times; restart 0 of 3", for the rungs that were tried.
function summarize(order: readonly Rung[], scores: FingerprintScores): string {
  const tried = order.filter((r) => (scores.rungs[r]?.tried ?? 0) > 0);
  if (tried.length === 0) return 'no rung was tried before';
  return tried.map((r, i) => `${describeRung(r)} ${i === 0 ? 'fixed this ' : ''}${scores.rungs[r]?.fixed ?? 0} of ${scores.rungs[r]?.tried ?? 0}${i === 0 ? ' times' : ''}`).join('; ');
}
