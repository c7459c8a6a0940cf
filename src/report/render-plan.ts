import type { ExecutedAction } from '../repair/execute-plan.js';
import type { Plan } from '../plan/types.js';
import { formatDuration } from '../map/parse-values.js';
import { shortId } from './format-health.js';

/** `healmap plan`: the exact actions in order, each with its reason; nothing is changed. */
export function renderPlan(plan: Plan): string {
  if (plan.actions.length === 0) return 'Nothing to do: no component needs repair.\n';
  const width = Math.max(...plan.actions.map((a) => a.kind.length));
  const lines = plan.actions.map((a) => {
    const after = a.after.length > 0 ? ` (after ${a.after.join(', ')})` : '';
    const attempt = a.attempt > 0 ? ` [attempt ${a.attempt}${a.ladderStep ? `, ladder step ${a.ladderStep}` : ''}]` : '';
    return `${String(a.id).padStart(3)}. ${a.kind.padEnd(width)}  ${shortId(a.target)}${attempt}${after}\n       ${a.reason}`;
  });
  return `${lines.join('\n')}\n`;
}

const MARK: Record<string, string> = { succeeded: '✓', failed: '✗', blocked: '⋯', skipped: '·', escalated: '!' };

/** One line per executed action: what, on what, how it ended, how long it took. */
export function renderExecuted(action: ExecutedAction): string {
  const a = action.action;
  const attempt = a.attempt > 0 ? ` (${a.problem}, attempt ${a.attempt})` : ` (${a.problem})`;
  return `${MARK[action.result] ?? '?'} ${a.kind} ${shortId(a.target)}${attempt} ${action.result} in ${formatDuration(action.durationMs)} — ${action.detail}`;
}

/** The closing tally of a heal: fixed, failed, blocked, waiting, and what needs a human. */
export function renderTally(executed: ExecutedAction[]): string {
  const count = (r: string): number => executed.filter((e) => e.result === r).length;
  // Escalations, and repairs healmap refused because it cannot make them safely ("left for a
  // human"): the tally must not say "none" under a line that says a human is needed.
  const human = [...new Set(executed.filter((e) => e.result === 'escalated' || (e.result === 'failed' && /\bfor a human\b/.test(e.detail)))
    .map((e) => shortId(e.action.target)))];
  return `Fixed ${count('succeeded')} · failed ${count('failed')} · blocked ${count('blocked')} · waiting ${count('skipped')} · needs a human: ${human.length === 0 ? 'none' : human.join(', ')}`;
}
