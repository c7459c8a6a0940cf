/**
 * A Schedule or "How it runs" cell as teams fill it: not only a schedule but a description
 * (`job, nightly at 03:15`, `long-running daemon, port 8600`). The schedule stated anywhere in it
 * is the job's schedule, and the words that say job or daemon are its type.
 */
import { parseSchedule, parseWorkerType, type JobSchedule, type WorkerType } from './job-schedule.js';
import { findSchedule } from './read-text.js';

/** What a described schedule cell states: a schedule, a type, either or neither. */
export interface JobCell { schedule: JobSchedule | null; type: WorkerType | null }

/** Reads the schedule and the type a cell describes; both null when it states neither. */
export function readJobCell(text: string): JobCell {
  const whole = parseSchedule(text);
  const found = whole.ok ? null : findSchedule(text);
  const inside = found ? parseSchedule(found) : null;
  const schedule = whole.ok ? whole.value : inside?.ok ? inside.value : null;
  const type = parseWorkerType(text);
  return { schedule, type: type.ok ? type.value : null };
}
