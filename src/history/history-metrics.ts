import type { HistoryEntry } from './history-log.js';

/** One incident as the trail tells it: a component's problem from detection to recovery. */
export interface IncidentFigures {
  component: string;
  problem: string;
  /** When the component failed, when known (a worker's exit, a file's deadline). */
  failedAt: string | null;
  detectedAt: string;
  /** When the repair that ended it finished; null while open or escalated. */
  recoveredAt: string | null;
  detectSeconds: number | null;
  recoverSeconds: number | null;
  actions: number;
}

/** Figures derived from the audit trail (pure): what `history` and the JSON report show. */
export interface HistoryMetrics {
  actions: number;
  /** Mean over incidents of the time from a known failure to its detection, in seconds. */
  meanTimeToDetectSeconds: number | null;
  /** Mean over recovered incidents of the time from detection to the verified repair, in seconds. */
  meanTimeToRecoverSeconds: number | null;
  successRateByComponent: Record<string, { attempts: number; succeeded: number; rate: number }>;
  commonProblems: { problem: string; count: number }[];
  escalations: { time: string; component: string; reason: string }[];
  incidents: IncidentFigures[];
}

const REPAIRS = new Set(['remove-lock', 'repair-config', 'copy-config-value', 'create-file', 'start-worker', 'restart-worker', 'restart-with-dependents', 'rollback-configs', 'run-job', 'run-recovery-step']);

/** Computes the trail's metrics: one detection and one recovery time per incident, never per line. */
export function computeMetrics(entries: HistoryEntry[]): HistoryMetrics {
  const rates: HistoryMetrics['successRateByComponent'] = {};
  const problems = new Map<string, number>();
  for (const e of entries) {
    if (!REPAIRS.has(e.action) || (e.result !== 'succeeded' && e.result !== 'failed')) continue;
    const rate = (rates[e.component] ??= { attempts: 0, succeeded: 0, rate: 0 });
    rate.attempts++;
    if (e.result === 'succeeded') rate.succeeded++;
    rate.rate = rate.succeeded / rate.attempts;
    problems.set(e.problem, (problems.get(e.problem) ?? 0) + 1);
  }
  const incidents = incidentsOf(entries);
  return {
    actions: entries.length,
    meanTimeToDetectSeconds: mean(incidents.map((i) => i.detectSeconds)),
    meanTimeToRecoverSeconds: mean(incidents.map((i) => i.recoverSeconds)),
    successRateByComponent: rates,
    commonProblems: [...problems].map(([problem, count]) => ({ problem, count })).sort((a, b) => b.count - a.count || a.problem.localeCompare(b.problem)).slice(0, 10),
    escalations: entries.filter((e) => e.result === 'escalated').map((e) => ({ time: e.time, component: e.component, reason: e.reason })),
    incidents,
  };
}

/**
 * Groups the trail's lines into incidents (same component, same detection time). Detection is
 * measured from the incident's own earliest known failure, and only when that failure precedes
 * the detection (a later failure belongs to another incident); recovery ends at the incident's
 * last line when that line is a repair that succeeded.
 */
export function incidentsOf(entries: HistoryEntry[]): IncidentFigures[] {
  const byKey = new Map<string, HistoryEntry[]>();
  for (const e of entries) {
    if (!e.detectedAt || !REPAIRS.has(e.action) && e.result !== 'escalated' && e.result !== 'failed') continue;
    const key = `${e.component}\0${e.detectedAt}`;
    const list = byKey.get(key);
    if (list) list.push(e);
    else byKey.set(key, [e]);
  }
  const incidents: IncidentFigures[] = [];
  for (const list of byKey.values()) {
    const first = list[0] as HistoryEntry;
    const detected = Date.parse(first.detectedAt as string);
    const failures = list.map((e) => (e.failedAt ? Date.parse(e.failedAt) : NaN)).filter((t) => Number.isFinite(t) && t <= detected);
    const failed = failures.length > 0 ? Math.min(...failures) : null;
    const last = list[list.length - 1] as HistoryEntry;
    const recovered = REPAIRS.has(last.action) && last.result === 'succeeded' ? Date.parse(last.time) + last.durationMs : null;
    incidents.push({
      component: first.component,
      problem: first.problem,
      failedAt: failed === null ? null : new Date(failed).toISOString(),
      detectedAt: first.detectedAt as string,
      recoveredAt: recovered === null ? null : new Date(recovered).toISOString(),
      detectSeconds: failed === null ? null : seconds(detected - failed),
      recoverSeconds: recovered === null ? null : seconds(Math.max(0, recovered - detected)),
      actions: list.length,
    });
  }
  return incidents.sort((a, b) => a.detectedAt.localeCompare(b.detectedAt));
}

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

function mean(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : Math.round((known.reduce((a, b) => a + b, 0) / known.length) * 100) / 100;
}
