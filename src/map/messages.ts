import type { MapMessage, Place } from './types.js';

/** Collects positioned messages about a map; problems are findings, never exceptions. */
export class MessageSink {
  readonly messages: MapMessage[] = [];

  error(rule: string, message: string, place: Place): void {
    this.messages.push({ severity: 'error', rule, message, place });
  }

  warning(rule: string, message: string, place: Place): void {
    this.messages.push({ severity: 'warning', rule, message, place });
  }

  get hasErrors(): boolean {
    return this.messages.some((m) => m.severity === 'error');
  }
}

/** Sorts messages by position, errors before warnings at the same place. */
export function sortMessages(messages: MapMessage[]): MapMessage[] {
  return [...messages].sort(
    (a, b) =>
      a.place.line - b.place.line ||
      a.place.column - b.place.column ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1),
  );
}

/** Formats a message the vfile way: `PATH:LINE:COLUMN: error: message [rule]`. */
export function formatMessage(path: string, message: MapMessage): string {
  const { line, column } = message.place;
  return `${path}:${line}:${column}: ${message.severity}: ${message.message} [${message.rule}]`;
}

/** Formats a place for "first defined at" hints. */
export function formatPlace(path: string, place: Place): string {
  return `${path}:${place.line}:${place.column}`;
}

/** Names longer than this get no "did you mean" hint: an edit distance costs the product of the lengths. */
export const MAX_HINT_LENGTH = 64;

/** The closest candidate to a misspelt name, for "did you mean" hints. */
export function closestName(given: string, candidates: Iterable<string>): string | null {
  if (given.length > MAX_HINT_LENGTH) return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  const limit = Math.max(2, Math.floor(given.length / 3));
  for (const candidate of candidates) {
    const distance = editDistance(given.toLowerCase(), candidate.toLowerCase(), limit);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : null;
}

// Levenshtein distance, giving up early once it exceeds `limit`.
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}
