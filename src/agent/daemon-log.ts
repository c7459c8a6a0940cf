import { formatDuration } from '../map/parse-values.js';
import { shortId } from '../report/format-health.js';
import { toOneLine } from '../report/one-line.js';
import type { ExecutedAction } from '../repair/execute-plan.js';

/** How the daemon writes its lines: for people, or JSON for machines. */
export type LogFormat = 'text' | 'json';

/** A daemon log event. */
export interface LogEvent {
  event: string;
  message: string;
  [field: string]: unknown;
}

/** Writes one concise line per event: `12:00:03 restarted ensemble_predictor (process-dead, attempt 1) ok in 2.1s`. */
export function formatLogLine(format: LogFormat, event: LogEvent, now = new Date()): string {
  if (format === 'json') return `${JSON.stringify({ time: now.toISOString(), ...event })}\n`;
  return `${now.toTimeString().slice(0, 8)} ${toOneLine(event.message)}\n`;
}

const VERBS: Record<string, string> = {
  'start-worker': 'started', 'restart-worker': 'restarted', 'restart-with-dependents': 'restarted with dependents', 'rollback-configs': 'rolled back configs of',
  'repair-config': 'repaired', 'copy-config-value': 'copied the source of truth into', 'create-file': 'created', 'remove-lock': 'removed stale lock of', 'run-job': 'ran', escalate: 'escalated', wait: 'waiting on', blocked: 'blocked',
};

/** The log event for one executed action. */
export function actionEvent(done: ExecutedAction): LogEvent {
  const a = done.action;
  const outcome = done.result === 'succeeded' ? 'ok' : done.result;
  const attempt = a.attempt > 0 ? `, attempt ${a.attempt}` : '';
  const message = `${VERBS[a.kind] ?? a.kind} ${shortId(a.target)} (${a.problem}${attempt}) ${outcome} in ${formatDuration(done.durationMs)}${done.result === 'succeeded' ? '' : ` — ${done.detail}`}`;
  return { event: 'action', message, component: a.target, action: a.kind, problem: a.problem, attempt: a.attempt, result: done.result, durationMs: done.durationMs, detail: done.detail, reason: a.reason };
}
