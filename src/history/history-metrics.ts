import type { HistoryEntry } from './history-log.js';

/** Figures derived from the audit trail (pure): what `history` and the JSON report show. */
export interface HistoryMetrics {
  actions: number;
  /** Mean time from a known or estimated failure to its detection, in seconds. */
  meanTimeToDetectSeconds: number | null;
  /** Mean time from detection to a verified repair, in seconds. */
  meanTimeToRecoverSeconds: number | null;
  successRateByComponent: Record<string, { attempts: number; succeeded: number; rate: number }>;
  commonProblems: { problem: string; count: number }[];
  escalations: { time: string; component: string; reason: string }[];
}

const REPAIRS = new Set(['remove-lock', 'repair-config', 'create-file', 'start-worker', 'restart-worker', 'restart-with-dependents', 'rollback-configs']);

/** Computes the trail's metrics. */
export function computeMetrics(entries: HistoryEntry[]): HistoryMetrics {
  const detect: number[] = [];
  const recover: number[] = [];
  const rates: HistoryMetrics['successRateByComponent'] = {};
  const problems = new Map<string, number>();
  for (const e of entries) {
    if (e.failedAt && e.detectedAt) detect.push((Date.parse(e.detectedAt) - Date.parse(e.failedAt)) / 1000);
    if (!REPAIRS.has(e.action) || (e.result !== 'succeeded' && e.result !== 'failed')) continue;
    const rate = (rates[e.component] ??= { attempts: 0, succeeded: 0, rate: 0 });
    rate.attempts++;
    if (e.result === 'succeeded') {
      rate.succeeded++;
      if (e.detectedAt) recover.push((Date.parse(e.time) + e.durationMs - Date.parse(e.detectedAt)) / 1000);
    }
    rate.rate = rate.succeeded / rate.attempts;
    problems.set(e.problem, (problems.get(e.problem) ?? 0) + 1);
  }
  return {
    actions: entries.length,
    meanTimeToDetectSeconds: mean(detect),
    meanTimeToRecoverSeconds: mean(recover),
    successRateByComponent: rates,
    commonProblems: [...problems].map(([problem, count]) => ({ problem, count })).sort((a, b) => b.count - a.count || a.problem.localeCompare(b.problem)).slice(0, 10),
    escalations: entries.filter((e) => e.result === 'escalated').map((e) => ({ time: e.time, component: e.component, reason: e.reason })),
  };
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
}
