/**
 * Reads a config field described in words, the way people document keys:
 * `integer, required, default 8332, must be within 1024-65535`, `a string, optional, defaulting
 * to "warning"`, `(number, default 1.0, range 0.1 to 10)`. Returns the same keys a field table has
 * (type, default, range, required) as text, so one reader checks them all.
 */
import type { RawValue } from './collect-entries.js';
import type { Place } from './types.js';
import { parseFieldType } from './parse-values.js';

const TYPE_WORD = /\b(string|str|text|number|float|double|decimal|integer|int|boolean|bool)\b/i;
const NUM = String.raw`-?\d+(?:\.\d+)?`;
// `(?<![\d.])`: a run of digits is tried once, not from each digit (quadratic).
const RANGE = new RegExp(`(?<![\\d.])(${NUM})\\s*(?:\\.\\.|…|–|—|-|\\bto\\b|\\band\\b)\\s*(${NUM})`, 'i');

const MIN = new RegExp(`(?:>=|≥|\\b(?:at least|minimum(?: of)?|min\\.?|lower bound))\\s*(?::\\s*)?(${NUM})`, 'i');
const MAX = new RegExp(`(?:<=|≤|\\b(?:at most|maximum(?: of)?|max\\.?|up to|upper bound))\\s*(?::\\s*)?(${NUM})`, 'i');

/**
 * The range a text states, as `min..max` (either side may be empty), or null: by its shape
 * (`10..35`, `10 – 35`, `\`30\`–\`95\``, `between 10 and 35`, `1 to 16 (LUFS)`) or by its bounds
 * (`min -30`, `>= 1`, `up to 16`). Numbers in code spans count; other code spans do not.
 */
export function findRange(text: string): string | null {
  const plain = text.replace(/`(-?\d+(?:\.\d+)?)`/g, '$1').replace(/`[^`]*`/g, ' ');
  const range = RANGE.exec(plain);
  if (range?.[1] && range[2] && Number(range[1]) <= Number(range[2])) return `${range[1]}..${range[2]}`;
  const min = MIN.exec(plain);
  const max = MAX.exec(plain);
  return min?.[1] || max?.[1] ? `${min?.[1] ?? ''}..${max?.[1] ?? ''}` : null;
}

/** True when a text reads as a field description: it names a type or a default/required/range. */
export function looksLikeFieldText(text: string): boolean {
  return TYPE_WORD.test(text) || /\b(default(s|ing)?|required|optional)\b/i.test(text);
}

/** The table keys (type, default, range, required) a field description states. */
export function readFieldText(text: string, place: Place, requiredByDefault: boolean | null): Map<string, RawValue> {
  const values = new Map<string, RawValue>();
  const at = (value: string): RawValue => ({ text: value, place });
  const plain = text.replace(/\*\*/g, '');
  const type = TYPE_WORD.exec(plain.replace(/`[^`]*`/g, ''));
  if (type?.[1] && parseFieldType(type[1]).ok) values.set('type', at(type[1]));
  const fallback = /\bdefault(?:s|ing)?(?:\s+value)?(?:\s+(?:to|is|of))?\s*(?:[:=]\s*)?(`[^`]*`|"[^"]*"|'[^']*'|[^\s,;)]+)/i.exec(plain);
  // "There is deliberately no default", "no default value": nothing to read.
  // Said outright, it is kept as "none", so an example config's sample value does not fill it in.
  const none = /\bno\s+default/i.test(plain);
  if (none) values.set('default', at('none'));
  else if (fallback?.[1]) values.set('default', at(fallback[1].replace(/^`|`$/g, '').replace(/(?<=\d|true|false|\w)\.$/, '')));
  const rest = fallback ? plain.replace(fallback[0], ' ') : plain;
  const range = findRange(rest);
  if (range !== null) values.set('range', at(range));
  if (/\b(not required|optional)\b/i.test(plain)) values.set('required', at('no'));
  else if (/\brequired\b|\bmandatory\b|\bmust be set\b/i.test(plain)) values.set('required', at('yes'));
  else if (requiredByDefault !== null) values.set('required', at(requiredByDefault ? 'yes' : 'no'));
  // "If you leave it out it defaults to 1.5": a field described with a default may be left out.
  else if (values.has('default') && !none) values.set('required', at('no'));
  return values;
}
