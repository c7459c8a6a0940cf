/**
 * Caps on the Markdown constructs whose parsing grows faster than the text: containers nested on
 * one line (`> > > …`, `- - - …`: 2,000 list markers on one line overflow micromark's stack, and
 * 20,000 nested quotes take 20 s) and long runs of `[` (each one a possible link start). No map
 * needs more than a few levels, so deeper markers and longer runs are dropped before parsing.
 */

/** Containers (block quotes, list items) kept on one line; deeper markers are dropped. */
export const MAX_CONTAINERS_PER_LINE = 8;
/** Consecutive `[` kept; the rest of a longer run is dropped. */
export const MAX_BRACKET_RUN = 32;

const CONTAINER = /^[ \t]{0,3}(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?/;
const LONG_BRACKET_RUN = new RegExp(`\\[{${MAX_BRACKET_RUN + 1},}`, 'g');

/**
 * The line with its container markers past MAX_CONTAINERS_PER_LINE and its `[` past each
 * MAX_BRACKET_RUN dropped, and how many characters were dropped (columns after them shift back
 * by that much); null when the line needs no cap, the common case, at the cost of one test.
 */
export function capNesting(line: string): { line: string; removed: number } | null {
  const bracketsCapped = line.length > MAX_BRACKET_RUN && line.includes('['.repeat(MAX_BRACKET_RUN + 1));
  let kept = bracketsCapped ? line.replace(LONG_BRACKET_RUN, '['.repeat(MAX_BRACKET_RUN)) : line;
  let prefix = 0;
  let markers = 0;
  let match: RegExpExecArray | null;
  while ((match = CONTAINER.exec(kept.slice(prefix))) !== null && match[0].length > 0) {
    markers++;
    if (markers === MAX_CONTAINERS_PER_LINE) {
      const keepUpTo = prefix + match[0].length;
      let end = keepUpTo;
      while ((match = CONTAINER.exec(kept.slice(end))) !== null && match[0].length > 0) end += match[0].length;
      if (end > keepUpTo) kept = kept.slice(0, keepUpTo) + kept.slice(end);
      break;
    }
    prefix += match[0].length;
  }
  return kept.length === line.length ? null : { line: kept, removed: line.length - kept.length };
}
