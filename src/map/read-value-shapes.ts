/**
 * The facts one block states about its subject, each value classified by its shape, a label
 * (a column or `Key:`) used only to choose between readings: a code span starting with a program
 * is a command, a loopback URL or a probe command (`curl …`, `pg_isready …`, `… ping`) a health
 * check, `port NNNN` or `:NNNN` a port, `*.pid` a pidfile, `*.lock` a lock, `dir/name.ext` a file
 * read or written as the nearest verb says, a duration beside a file its freshness, a schedule
 * phrase in a block that says "job" the job's schedule.
 */
import type { AnchorPiece } from './find-anchors.js';
import { findFreshness, findSchedule, isCommandLike, isNameLike, isPathLike, isProbe, plainOf, saysJob, splitSentences } from './read-text.js';
import type { Place } from './types.js';
import { canonicalKey } from './vocabulary.js';

/** A value read from a block, with the line it came from. */
export interface ShapedValue {
  text: string;
  place: Place;
}

/** What a block states about its subject. */
export interface BlockFacts {
  /** Every command-like span, and whether a label or a "run/start" cue marks it as the command. */
  commands: (ShapedValue & { cued: boolean })[];
  health: ShapedValue | null;
  port: ShapedValue | null;
  pidfile: ShapedValue | null;
  lock: ShapedValue | null;
  job: boolean;
  schedule: ShapedValue | null;
  /** Files the subject writes, each with a freshness stated beside it. */
  writes: { path: ShapedValue; fresh: ShapedValue | null }[];
  /** Files, configs and components the subject reads or needs. */
  reads: ShapedValue[];
  /** Freshness stated beside a file, whoever writes it. */
  freshness: { path: ShapedValue; fresh: ShapedValue }[];
}

const WRITE_VERB = /\b(?:writes?|written|rewrites?|produces?|outputs?|output goes to|emits?|appends?|keeps|generates?|renders?|dumps?|drops?|saves?|publishes|republishes|exports?|updates?|creates?)\b/gi;
const READ_VERB = /\b(?:reads?|consumes?|loads?|watches|uses|needs?|depends on|requires?|tails|polls|waits (?:for|on)|until|after|from)\b/gi;
const DEPEND_VERB = /\b(?:depends on|needs?|requires?|waits (?:for|on)|until|after|start(?:ed)? after)\b[^.;]{0,40}$/i;
const PAST = /\b(?:used to|previously|formerly|no longer|moved (?:from|off)|was changed|in earlier|in the past|until recently|before the)\b/i;
const FRESH_LABEL = /\b(fresh|freshness|stale|staleness|max age|age|older|alarm|alert|objective|budget|sla|slo)\b/i;

/** Reads the facts of one block's pieces; `workers` are the component names the map declares. */
export function readValueShapes(pieces: AnchorPiece[], workers: Set<string>, subject: string | null): BlockFacts {
  const facts: BlockFacts = { commands: [], health: null, port: null, pidfile: null, lock: null, job: false, schedule: null, writes: [], reads: [], freshness: [] };
  let scheduleText: ShapedValue | null = null;
  for (const piece of pieces) {
    const labelKey = piece.label ? (canonicalKey('workers', piece.label) as string | null) : null;
    if (labelKey === 'type' && saysJob(`a ${plainOf(piece.marked)}`)) facts.job = true;
    for (const sentence of splitSentences(piece.marked)) {
      // A sentence about the past (`used to be on port 3000`, `moved from 02:00`) states no current value.
      if (PAST.test(plainOf(sentence))) continue;
      // `**Run it:** \`cmd\``: a key written at the start of a sentence labels it like a column.
      const inline = /^\s*\**([A-Za-z][\w /-]{0,30}?)\**\s*:\**\s+/.exec(sentence);
      const key = labelKey ?? (inline?.[1] ? (canonicalKey('workers', inline[1]) as string | null) : null);
      readSentence(sentence, key, piece, workers, subject, facts);
      if (saysJob(sentence) || key === 'schedule') facts.job ||= saysJob(sentence) || /\bjob\b/i.test(sentence);
      const schedule = key === 'schedule' || saysJob(sentence) || /\b(?:runs?|every|on the|at)\b/i.test(sentence) ? findSchedule(sentence) : null;
      if (schedule && (!scheduleText || key === 'schedule')) scheduleText = { text: schedule, place: piece.place };
    }
  }
  if (facts.job && scheduleText) facts.schedule = scheduleText;
  return facts;
}

function readSentence(sentence: string, key: string | null, piece: AnchorPiece, workers: Set<string>, subject: string | null, facts: BlockFacts): void {
  const place = piece.place;
  const plain = plainOf(sentence);
  const spans = [...sentence.matchAll(/`([^`]+)`/g)];
  const fresh = findFreshness(sentence, key === 'freshness' || (piece.label !== null && FRESH_LABEL.test(piece.label)));
  for (const m of spans) {
    const span = (m[1] ?? '').trim();
    const before = plainOf(sentence.slice(0, m.index ?? 0));
    if (span === subject) continue;
    if (isProbe(span)) {
      if (!facts.health) facts.health = { text: span, place };
    } else if (/\.pid$/i.test(span) && isPathLike(span)) {
      if (!facts.pidfile) facts.pidfile = { text: span, place };
    } else if (/\.(?:lock|lck)$/i.test(span) && isPathLike(span)) {
      if (!facts.lock) facts.lock = { text: span, place };
    } else if (isPathLike(span) && !/^\/|(?:^|\/)\.\.(?:\/|$)/.test(span)) {
      const direction = key === 'produces' ? 'write' : key === 'dependsOn' ? 'read' : directionOf(before);
      if (direction === 'write') facts.writes.push({ path: { text: span, place }, fresh: fresh ? { text: fresh, place } : null });
      else if (direction === 'read') facts.reads.push({ text: span, place });
      if (fresh && (direction !== 'read' || spans.length === 1)) facts.freshness.push({ path: { text: span, place }, fresh: { text: fresh, place } });
    } else if (isNameLike(span) && workers.has(span) && span !== subject) {
      if (key === 'dependsOn' || DEPEND_VERB.test(before)) facts.reads.push({ text: span, place });
    } else if (isCommandLike(span) || (key === 'command' && /^[\w./-]+(?:\s|$)/.test(span))) {
      const cued = key === 'command' || /\b(?:run(?:s| it)?|start(?:s|ed)?(?: as| with)?|launch(?:ed)?|command|invoked as|executes?|entrypoint)\b[^`]{0,30}$/i.test(before);
      // A program name alone (`postgres`, `honcho`) names a program more often than it starts one.
      if (cued || /\s/.test(span)) facts.commands.push({ text: span, place, cued });
    }
  }
  // A path written without code in a cell of its own (`state/climate.json`) is one too.
  if (spans.length === 0 && isPathLike(plain.trim()) && key === 'produces') facts.writes.push({ path: { text: plain.trim(), place }, fresh: null });
  // A port in prose, not inside a command (`--port 8080` there is the command's business).
  const prose = plainOf(sentence.replace(/`[^`]*`/g, ' '));
  const port = key === 'port' ? /(?<![\d.:/])(\d{2,5})(?![\d.])/.exec(plain)?.[1] : /\bport\s*:?\s*(\d{2,5})\b/i.exec(prose)?.[1] ?? /(?:^|[\s(]):(\d{2,5})\b(?![:\d])/.exec(prose)?.[1];
  if (port && !facts.port && Number(port) >= 1 && Number(port) <= 65535) facts.port = { text: port, place };
}

// Which way a file goes from the verb nearest before it: written, read, or not said.
function directionOf(before: string): 'write' | 'read' | null {
  const clause = before.split(/[;.]|\bbut\b/).pop() ?? '';
  const write = lastIndex(clause, WRITE_VERB);
  const read = lastIndex(clause, READ_VERB);
  if (write < 0 && read < 0) return null;
  const at = Math.max(write, read);
  // `MUST NOT read`, `never writes`: a negated verb says nothing about the file.
  if (/\b(?:not|never|no longer|without)\s+(?:\w+\s+)?$|n't\s+(?:\w+\s+)?$/i.test(clause.slice(Math.max(0, at - 24), at))) return null;
  return write > read ? 'write' : 'read';
}

function lastIndex(text: string, pattern: RegExp): number {
  let last = -1;
  for (const m of text.matchAll(pattern)) last = m.index ?? last;
  return last;
}
