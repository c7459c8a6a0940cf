import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/history/history-metrics.js';
import type { HistoryEntry } from '../../src/history/history-log.js';

const T0 = Date.parse('2026-11-28T10:00:00Z');
const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

function entry(parts: Partial<HistoryEntry> & Pick<HistoryEntry, 'time' | 'result'>): HistoryEntry {
  return { component: 'worker:redis', problem: 'process-dead', rootCause: 'worker:redis', action: 'restart-worker', attempt: 1, durationMs: 0, reason: '', stateBefore: 'critical', stateAfter: 'repaired', ...parts };
}

describe('history metrics', () => {
  it('measures detection and recovery per incident from that incident\'s own times', () => {
    const entries = [
      // incident 1: failed at 0 s, detected at 0.5 s, restart from 1 s taking 2 s
      entry({ time: at(1), durationMs: 2000, result: 'succeeded', failedAt: at(0), detectedAt: at(0.5) }),
      // incident 2: failed at 100 s, detected at 100.25 s, a failed restart then a good one
      entry({ time: at(101), durationMs: 1000, result: 'failed', failedAt: at(100), detectedAt: at(100.25) }),
      entry({ time: at(112), durationMs: 3000, result: 'succeeded', detectedAt: at(100.25) }),
    ];
    const m = computeMetrics(entries);
    expect(m.incidents.map((i) => [i.detectSeconds, i.recoverSeconds])).toEqual([[0.5, 2.5], [0.25, 14.75]]);
    expect(m.meanTimeToDetectSeconds).toBe(0.38);
    expect(m.meanTimeToRecoverSeconds).toBe(8.63);
    expect(m.successRateByComponent['worker:redis']).toEqual({ attempts: 3, succeeded: 2, rate: 2 / 3 });
  });

  it('never reports a negative detection time when an old incident\'s detection time is carried on a later failure', () => {
    const entries = [
      entry({ time: at(1), result: 'succeeded', failedAt: at(0), detectedAt: at(0.2) }),
      // a later failure written with the old incident's detection time (as older trails hold)
      entry({ time: at(300), result: 'succeeded', failedAt: at(299.9), detectedAt: at(0.2) }),
    ];
    const m = computeMetrics(entries);
    expect(m.meanTimeToDetectSeconds).toBe(0.2);
    for (const i of m.incidents) expect(i.detectSeconds ?? 0).toBeGreaterThanOrEqual(0);
  });

  it('leaves an incident whose last action failed or escalated unrecovered', () => {
    const m = computeMetrics([
      entry({ time: at(1), result: 'failed', detectedAt: at(0) }),
      entry({ time: at(2), action: 'escalate', result: 'escalated', detectedAt: at(0) }),
    ]);
    expect(m.incidents).toHaveLength(1);
    expect(m.incidents[0]?.recoveredAt).toBeNull();
    expect(m.meanTimeToRecoverSeconds).toBeNull();
    expect(m.successRateByComponent['worker:redis']?.succeeded).toBe(0);
  });
});
