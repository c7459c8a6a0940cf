/**
 * Jobs: what a worker's `type`, `schedule` and `restart` cells mean, and when a scheduled job is
 * next due. Schedules are `every 24h` (any duration), `hourly`, `daily at 03:00` or a cron
 * expression (read by croner, in the machine's local time).
 */
import { createRequire } from 'node:module';
import { isEmptyValue, parseDuration, type Parsed } from './parse-values.js';
import { cronOfCalendar } from './calendar-schedule.js';

// croner is loaded at its first use (a CommonJS require keeps these functions synchronous), so a
// command whose map declares no cron schedule does not pay for loading it.
const load = createRequire(import.meta.url);
const croner = (): typeof import('croner') => load('croner') as typeof import('croner');

/** Whether a worker runs forever (a daemon) or runs to completion (a job). */
export type WorkerType = 'daemon' | 'job';

/** When healmap restarts a worker that is not running: always, only after a failed run, never. */
export type RestartPolicy = 'always' | 'on-failure' | 'never';

/** When a job runs: every fixed interval, or on a cron expression. */
export interface JobSchedule {
  /** The schedule as written in the map. */
  text: string;
  everyMs: number | null;
  cron: string | null;
  /** The cron expression's time zone (`daily at 03:00 UTC`); null for the machine's own. */
  timezone?: string | null;
}

// Words that say "job" or "daemon" anywhere in a Type/Kind cell (`job (runs to completion)`,
// `long-running daemon`); people describe rather than name.
const JOB_WORDS = /\b(jobs?|one[ -]?shot|one[ -]?off|tasks?|batch|run once|runs to completion|exits when done|cron|scheduled)\b/;
const DAEMON_WORDS = /\b(daemons?|services?|long[ -]running|servers?|always on|workers?|process(es)?)\b/;

/** Reads a worker's type: `job` (also one-shot, task, batch) or `daemon` (also service). */
export function parseWorkerType(text: string): Parsed<WorkerType> {
  const words = text.trim().toLowerCase();
  if (JOB_WORDS.test(words)) return { ok: true, value: 'job' };
  if (DAEMON_WORDS.test(words)) return { ok: true, value: 'daemon' };
  return { ok: false, message: `Expected a worker type \`daemon\` or \`job\`, got \`${text.trim()}\`` };
}

/** Reads a restart policy: `always`, `on failure` (also on-failure), `never` (also no). */
export function parseRestartPolicy(text: string): Parsed<RestartPolicy> {
  const word = text.trim().toLowerCase().replace(/[-_]/g, ' ');
  if (['always', 'yes', 'unless stopped'].includes(word)) return { ok: true, value: 'always' };
  if (['on failure', 'on error', 'on abnormal', 'failure'].includes(word)) return { ok: true, value: 'on-failure' };
  if (['never', 'no', 'none'].includes(word) || isEmptyValue(text)) return { ok: true, value: 'never' };
  return { ok: false, message: `Expected a restart policy \`always\`, \`on failure\` or \`never\`, got \`${text.trim()}\`` };
}

/** Reads a schedule: `every 24h`, `hourly`, `daily`, `daily at 03:00`, or a cron expression. */
export function parseSchedule(text: string): Parsed<JobSchedule> {
  const given = text.trim();
  // `weekly, Mondays at 07:00 (cron 0 7 * * 1)`: the aside restates it; the words before it are read.
  const open = given.lastIndexOf('(');
  if (open > 0 && given.endsWith(')') && !given.slice(0, open).includes('(')) {
    const before = parseSchedule(given.slice(0, open));
    if (before.ok) return { ok: true, value: { ...before.value, text: given } };
    const inside = parseSchedule(given.slice(open + 1, -1).replace(/^\s*(?:cron|i\.e\.|e\.g\.)\s*:?/i, '').replace(/`/g, ''));
    if (inside.ok) return { ok: true, value: { ...inside.value, text: given } };
  }
  const at = /^(?:daily|every day|nightly|each day)\s+at\s+(\d{1,2}):(\d{2})(?:\s+(utc|gmt|z))?$/i.exec(given);
  if (at) {
    const hour = Number(at[1]);
    const minute = Number(at[2]);
    if (hour > 23 || minute > 59) return { ok: false, message: `Expected a time of day such as \`03:00\`, got \`${at[1]}:${at[2]}\`` };
    return { ok: true, value: { text: given, everyMs: null, cron: `${minute} ${hour} * * *`, timezone: at[3] ? 'UTC' : null } };
  }
  if (/^[\d*/,?LW#-]/.test(given) && given.split(/\s+/).length >= 5) {
    try {
      new (croner().Cron)(given, { paused: true });
      return { ok: true, value: { text: given, everyMs: null, cron: given } };
    } catch (error) {
      return { ok: false, message: `Expected a cron expression such as \`0 3 * * *\`, got \`${given}\`: ${(error as Error).message}` };
    }
  }
  const every = parseDuration(given);
  if (every.ok && every.value >= 1000) return { ok: true, value: { text: given, everyMs: every.value, cron: null } };
  const calendar = cronOfCalendar(given);
  if (calendar) return { ok: true, value: { text: given, everyMs: null, cron: calendar.cron, timezone: calendar.utc ? 'UTC' : null } };
  return { ok: false, message: `Expected a schedule such as \`every 24h\`, \`hourly\`, \`daily at 03:00\` or a cron expression \`0 3 * * *\`, got \`${given}\`` };
}

/**
 * When a scheduled job is next due, after a run that started at `lastStartedAt` (epoch ms).
 * A job never run is due at once. A run missed while healmap was down is due at once too, and
 * only once: the next due time counts from the run that catches up, not from the missed slots.
 */
export function nextRunAt(schedule: JobSchedule, lastStartedAt: number | null): number {
  if (lastStartedAt === null) return 0;
  if (schedule.everyMs !== null) return lastStartedAt + schedule.everyMs;
  const next = new (croner().Cron)(schedule.cron as string, { paused: true, ...(schedule.timezone ? { timezone: schedule.timezone } : {}) }).nextRun(new Date(lastStartedAt));
  return next ? next.getTime() : Number.POSITIVE_INFINITY;
}
