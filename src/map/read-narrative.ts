/**
 * Finds the component a narrative paragraph introduces, the way onboarding guides write:
 * "Every weekday at 18:00 a scheduled job, `timesheet_import`, runs `python import.py`",
 * "The calculator is the heart of the system. It is started with `java -jar calc.jar`", or, under
 * a heading `## The API`, "It is started with `gunicorn api:app`". The paragraph must say how
 * the component starts (a start verb before a command in code); its name is the first name in
 * code before that command, else the noun the paragraph opens with, else the heading's noun.
 */
import { codeSpans, isCommandLike, isNameLike, isPathLike, plainOf } from './read-text.js';

// "runs `cmd`", "is started with `cmd`", "run as `cmd`", "launched via `cmd`", "with the command `cmd`".
// A few words may stand between ("runs nightly at 02:00 as `cmd`"), never a sentence end.
const START_THEN_COMMAND = /\b(?:runs|(?:started|launched|run|invoked|executed|kicked off)\s+(?:with|as|via|by running|using)|with the command)\b[^`.;]{0,40}`([^`]+)`/i;
// "The calculator is ...", "Our scheduler runs ...": a one-word noun opening the paragraph.
const OPENING_NOUN = /^\s*(?:the|our)\s+([a-z][a-z0-9_-]{1,40})\s+(?:is|runs|reads|writes|does|takes|turns|keeps|works|was)\b/i;
// "Then the scorer, run as `cmd`", "the exporter is started with `cmd`": the noun right before the start.
const NOUN_BEFORE_START = /\b(?:the|our)\s+([a-z][a-z0-9_-]{1,40}),?\s+(?:which\s+|that\s+)?(?:is\s+|gets\s+)?$/i;
// `## The API`, `## Our scheduler`: a heading that is one noun after an article.
const HEADING_NOUN = /^\s*(?:the|our)\s+([A-Za-z][\w-]{1,40})\s*$/i;

/** The worker a paragraph introduces with its start command; `spelled` when its name is written in code. */
export function findNarrativeWorker(marked: string, heading: string | null): { name: string; spelled: boolean } | null {
  const start = START_THEN_COMMAND.exec(marked);
  if (!start?.[1] || !isCommandLike(start[1])) return null;
  const before = marked.slice(0, start.index);
  const named = codeSpans(before).find((span) => isNameLike(span) && !isPathLike(span) && !/\s/.test(span) && !isCommandLike(span));
  if (named) return { name: named, spelled: true };
  const noun = OPENING_NOUN.exec(plainOf(marked))?.[1] ?? NOUN_BEFORE_START.exec(plainOf(before))?.[1];
  if (noun) return { name: noun.toLowerCase(), spelled: false };
  const titled = heading === null ? undefined : HEADING_NOUN.exec(heading)?.[1];
  return titled ? { name: titled.toLowerCase(), spelled: false } : null;
}

/** True when a paragraph names something a component has besides its command: a path, a port, a lock, a schedule. */
export function hasComponentEvidence(marked: string): boolean {
  if (codeSpans(marked).some(isPathLike)) return true;
  return /\b(?:port\s+\d{2,5}|listens|lock|pid ?file|scheduled|cron|every\s+(?:day|night|weekday|hour|\d+)|daily|nightly|hourly|weekly)\b/i.test(plainOf(marked));
}
