import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src/history/history-log.js';
import { countFutileActions, scoreFixes } from '../../src/history/score-fixes.js';

const T0 = Date.parse('2026-11-28T10:00:00Z');

// One incident: its repair attempts in order, each succeeded or failed, all sharing a detection time.
function incident(start: number, component: string, fingerprint: string, attempts: [string, 'succeeded' | 'failed'][]): HistoryEntry[] {
  return attempts.map(([action, result], i) => ({
    time: new Date(start + i * 20_000).toISOString(), component, problem: 'process-dead', rootCause: component, action, attempt: i + 1,
    result, durationMs: 1000, reason: '', stateBefore: 'critical', stateAfter: result === 'succeeded' ? 'repaired' : 'critical',
    detectedAt: new Date(start).toISOString(), fingerprint,
  }));
}

describe('scoring rungs from the audit trail', () => {
  it('credits the last successful attempt of a closed incident and counts earlier ones as tried', () => {
    const trail = [
      ...incident(T0, 'worker:a', 'fp', [['restart-worker', 'succeeded'], ['restart-with-dependents', 'succeeded'], ['rollback-configs', 'succeeded']]),
      ...incident(T0 + 3_600_000, 'worker:a', 'fp', [['restart-worker', 'succeeded'], ['restart-with-dependents', 'failed'], ['rollback-configs', 'succeeded']]),
    ];
    const scores = scoreFixes(trail, { now: T0 + 2 * 3_600_000 });
    expect(scores.fp).toEqual({ cases: 2, rungs: { restart: { tried: 2, fixed: 0 }, 'restart-with-dependents': { tried: 2, fixed: 0 }, rollback: { tried: 2, fixed: 2 } } });
  });

  it('does not learn from an incident that is still open or began after the one being planned', () => {
    const trail = [
      ...incident(T0, 'worker:a', 'fp', [['restart-worker', 'succeeded']]),
      ...incident(T0 + 60_000, 'worker:b', 'fp', [['restart-worker', 'succeeded']]),
    ];
    // b's incident ended 41 s before "now": not settled, and no later incident of b closes it.
    expect(scoreFixes(trail, { now: T0 + 102_000, settledMs: 600_000 }).fp?.cases).toBeUndefined();
    expect(scoreFixes(trail, { now: T0 + 3_600_000 }).fp?.cases).toBe(2);
    expect(scoreFixes(trail, { now: T0 + 3_600_000, before: T0 + 30_000 }).fp?.cases).toBe(1);
  });

  it('gives no credit when the incident ended in escalation', () => {
    const trail = incident(T0, 'worker:a', 'fp', [['restart-worker', 'succeeded'], ['escalate', 'succeeded']]);
    (trail[1] as HistoryEntry).result = 'escalated';
    expect(scoreFixes(trail, { now: T0 + 3_600_000 }).fp?.rungs.restart).toEqual({ tried: 1, fixed: 0 });
  });

  it('keeps fingerprints apart', () => {
    const trail = [
      ...incident(T0, 'worker:a', 'dead|exit:1', [['restart-worker', 'succeeded']]),
      ...incident(T0 + 600_000, 'worker:a', 'dead|signal:SIGKILL', [['restart-worker', 'failed'], ['rollback-configs', 'succeeded']]),
    ];
    const scores = scoreFixes(trail, { now: T0 + 3_600_000 });
    expect(scores['dead|exit:1']?.rungs).toEqual({ restart: { tried: 1, fixed: 1 } });
    expect(scores['dead|signal:SIGKILL']?.rungs.rollback).toEqual({ tried: 1, fixed: 1 });
  });

  it('counts futile actions per incident', () => {
    const trail = [
      ...incident(T0, 'worker:a', 'fp', [['restart-worker', 'succeeded'], ['rollback-configs', 'succeeded']]),
      ...incident(T0 + 600_000, 'worker:b', 'fp', [['restart-worker', 'succeeded']]),
    ];
    expect(countFutileActions(trail)).toEqual({ incidents: 2, futile: 1 });
  });
});
