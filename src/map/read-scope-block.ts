/**
 * Reads a runbook-style block under a component: `key: value` lines (in a code block or a plain
 * paragraph) right below a heading or a name line that names the component.
 *
 *     ### berth_planner
 *     cmd:     java -jar planner.jar
 *     reads:   feed/positions.ndjson
 *     max age: 5 min
 *
 * A block counts when at least two of its keys are worker keys and they are most of its keys, so
 * a config example or prose with a colon is never read as one. Unknown keys are warned about.
 */
import type { FreeState, Scope } from './collect-free.js';
import { setScopeValue } from './collect-free.js';
import { splitKeyValue } from './read-register.js';
import type { Place } from './types.js';
import { canonicalKey } from './vocabulary.js';

/** Reads `text` into `scope` when it is a block of worker `key: value` lines; true when it was. */
export function readScopeBlock(state: FreeState, scope: Scope, text: string, firstLine: Place): boolean {
  const lines = text.split('\n');
  const pairs: { key: string; value: string; line: number; canonical: string | null }[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    const pair = /^\s*[\w][\w .-]{0,30}:/.test(line) ? splitKeyValue(line) : null;
    // A line without a key continues the value above it (a wrapped `what:` or `reads:`).
    if (!pair) {
      const last = pairs[pairs.length - 1];
      if (!last || !/^\s/.test(line)) return false;
      last.value = `${last.value} ${line.trim()}`;
      continue;
    }
    pairs.push({ ...pair, line: index, canonical: canonicalKey('workers', pair.key) as string | null });
  }
  const known = pairs.filter((p) => p.canonical !== null && p.canonical !== 'ignored' && p.canonical !== 'name');
  if (known.length < 2 || known.length * 2 < pairs.length) return false;
  for (const pair of pairs) {
    const place: Place = { line: firstLine.line + pair.line, column: 1 };
    if (pair.canonical === null) state.sink.warning('unknown-key', `Unknown worker key \`${pair.key}\` under \`${scope.name.text}\`; it is ignored`, place);
    else if (pair.canonical !== 'ignored' && pair.canonical !== 'name') setScopeValue(state, scope, pair.canonical, { text: pair.value, place });
  }
  return true;
}
