/**
 * Readers for the values people write in a map's cells and bullets. Each returns either the
 * value or a message saying what was expected and what was given; none of them throws.
 */
import type { FieldType } from './types.js';

/** A parsed value, or why it could not be read. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const EMPTY_VALUES = new Set(['', '-', '—', '–', 'none', 'n/a', 'na', 'null', 'nothing']);

/** True for the spellings of "nothing here": an empty cell, a dash, `none`. */
export function isEmptyValue(text: string): boolean {
  return EMPTY_VALUES.has(text.trim().toLowerCase());
}

const UNIT_MS: Record<string, number> = {
  ms: 1, millisecond: 1, milliseconds: 1,
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 604_800_000, week: 604_800_000, weeks: 604_800_000,
};
const WORD_MS: Record<string, number> = {
  secondly: 1000, minutely: 60_000, hourly: 3_600_000, daily: 86_400_000, weekly: 604_800_000,
};
const DURATION_PART = /(\d+(?:\.\d+)?)\s*([a-z]+)/gy;
// Large counts are written with their thousands grouped: `18 000 s`, `18,000 s`, `86 400 s` with a
// (narrow) no-break space, `10_000 ms`. A group is exactly three digits, so `5 min, 30 s` stays two parts.
const DIGIT_GROUP = /(?<=\d)[ ,_'\u00a0\u2009\u202f](?=\d{3}(?!\d))/g;
// Durations in prose spell small counts out: "no older than three days", "every fifteen minutes".
const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, fifteen: 15, twenty: 20, thirty: 30, sixty: 60, ninety: 90,
};
/** A number spelt out, as a regex alternative (`three`, `fifteen`). */
export const NUMBER_WORDS_PATTERN = Object.keys(NUMBER_WORDS).join('|');

/** Reads `90s`, `5 min`, `every 5 minutes`, `1h30m`, `24 hours`, `1 day`, `daily`, `hourly`. */
export function parseDuration(text: string): Parsed<number> {
  const given = text.trim();
  let rest = given.toLowerCase().replace(DIGIT_GROUP, '').replace(/^(every|each|within|after|per|once (an?|per))\s+/, '').trim();
  if (rest in WORD_MS) return { ok: true, value: WORD_MS[rest] ?? 0 };
  rest = rest.replace(/^(an?|one)\s+(?=[a-z])/, '1 ').replace(/^([a-z]+)(?=\s)/, (word) => String(NUMBER_WORDS[word] ?? word));
  if (rest in UNIT_MS) rest = `1 ${rest}`;
  rest = rest.replace(/(?<!\s)\s*(,|and)\s*/g, ' ');
  let total = 0;
  let matched = 0;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < rest.length) {
    while (rest[DURATION_PART.lastIndex] === ' ') DURATION_PART.lastIndex++;
    if (DURATION_PART.lastIndex >= rest.length) break;
    const part = DURATION_PART.exec(rest);
    const unit = part?.[2] ? UNIT_MS[part[2]] : undefined;
    if (!part || unit === undefined) return durationError(given);
    total += Number(part[1]) * unit;
    matched++;
  }
  if (matched === 0 || !Number.isFinite(total)) return durationError(given);
  return { ok: true, value: Math.round(total) };
}

/** The longest delay a Node timer holds (2^31-1 ms, 24.8 days); a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Reads a duration that healmap will wait out with a timer: at most MAX_TIMER_MS. */
export function parseTimerDuration(text: string): Parsed<number> {
  const parsed = parseDuration(text);
  if (parsed.ok && parsed.value > MAX_TIMER_MS) {
    return { ok: false, message: `Expected a duration of at most 24 days (the longest a timer holds), got \`${text.trim()}\`` };
  }
  return parsed;
}

function durationError(given: string): Parsed<number> {
  return {
    ok: false,
    message: `Expected a duration such as \`90s\`, \`5 min\`, \`1h30m\` or \`daily\`, got \`${given}\``,
  };
}

/** Formats milliseconds the way people write durations: `90s`, `5m`, `1h30m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  let seconds = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60]] as const) {
    if (seconds >= size) {
      parts.push(`${Math.floor(seconds / size)}${unit}`);
      seconds %= size;
    }
  }
  if (seconds > 0 || parts.length === 0) parts.push(`${seconds}s`);
  return parts.join('');
}

const TRUE_WORDS = new Set(['yes', 'y', 'true', 'on', '✓', '✔', '✅', '☑', '🗸', 'required', 'mandatory']);
const FALSE_WORDS = new Set(['no', 'n', 'false', 'off', '✗', '✘', '❌', '✖', '☐', 'optional']);

/** Reads yes/no/true/false (and y/n/on/off, required/optional, ✅/❌ and the other check glyphs). */
export function parseBoolean(text: string): Parsed<boolean> {
  // Tables mark yes/no with glyphs (✅, ✔️ with its emoji variation selector) or words (`mandatory`),
  // often followed by a note (`yes — refuses to start without it`): the first word decides.
  const word = text.trim().toLowerCase().replace(/\uFE0F/g, '');
  const first = /^([a-z]+|[^\s\p{L}\p{N}])(?:$|[\s,;:.(—–-])/u.exec(word)?.[1] ?? word;
  if (TRUE_WORDS.has(word) || TRUE_WORDS.has(first)) return { ok: true, value: true };
  if (FALSE_WORDS.has(word) || FALSE_WORDS.has(first)) return { ok: true, value: false };
  return { ok: false, message: `Expected yes, no, true or false, got \`${text.trim()}\`` };
}

/** Inclusive bounds of a range; null on a side means unbounded. */
export interface Range {
  min: number | null;
  max: number | null;
}

const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:e[+-]?\d+)?`;
const RANGE_DOTS = new RegExp(`^(?:between\\s+|within\\s+|from\\s+)?(${NUMBER})?\\s*(?:\\.\\.|…|to|and|[–—]|-(?=\\s*-?\\d))\\s*(${NUMBER})?$`, 'i');
const RANGE_CMP = new RegExp(`^(>=|≥|<=|≤)\\s*(${NUMBER})$`);

/** Reads `0..1`, `1024..65535`, `>= 0`, `<= 10`, `1 to 5`, `1–32`, `between 1 and 5`. */
export function parseRange(text: string): Parsed<Range> {
  const given = text.trim();
  const dots = RANGE_DOTS.exec(given);
  if (dots && (dots[1] !== undefined || dots[2] !== undefined)) {
    const min = dots[1] === undefined ? null : Number(dots[1]);
    const max = dots[2] === undefined ? null : Number(dots[2]);
    if (min !== null && max !== null && min > max) {
      return { ok: false, message: `Expected a range whose lower bound is not above its upper bound, got \`${given}\`` };
    }
    return { ok: true, value: { min, max } };
  }
  const cmp = RANGE_CMP.exec(given);
  if (cmp?.[1] && cmp[2]) {
    const bound = Number(cmp[2]);
    const lower = cmp[1] === '>=' || cmp[1] === '≥';
    return { ok: true, value: lower ? { min: bound, max: null } : { min: null, max: bound } };
  }
  return { ok: false, message: `Expected a range such as \`0..1\`, \`1024..65535\` or \`>= 0\`, got \`${given}\`` };
}

const TYPE_WORDS: Record<string, FieldType> = {
  string: 'string', str: 'string', text: 'string',
  number: 'number', float: 'number', double: 'number', decimal: 'number',
  integer: 'integer', int: 'integer',
  boolean: 'boolean', bool: 'boolean',
};

/** Reads a field type: string, number, integer or boolean. */
export function parseFieldType(text: string): Parsed<FieldType> {
  const type = TYPE_WORDS[text.trim().toLowerCase()];
  if (type) return { ok: true, value: type };
  return { ok: false, message: `Expected a type of string, number, integer or boolean, got \`${text.trim()}\`` };
}

/** True when a value is of a declared field type (JSON semantics). */
export function matchesType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'boolean': return typeof value === 'boolean';
  }
}

/** Reads a default value as the declared type, or as JSON (falling back to text) when untyped. */
export function parseDefault(text: string, type: FieldType | null): Parsed<unknown> {
  const given = text.trim();
  const unquoted = given.replace(/^(["'])(.*)\1$/, '$2');
  switch (type) {
    case 'string':
      return { ok: true, value: unquoted };
    case 'boolean':
      return parseBoolean(given);
    case 'number':
    case 'integer': {
      const value = Number(given);
      if (given === '' || !Number.isFinite(value) || (type === 'integer' && !Number.isInteger(value))) {
        return { ok: false, message: `Expected a default of type ${type}, got \`${given}\`` };
      }
      return { ok: true, value };
    }
    case null:
      try {
        return { ok: true, value: JSON.parse(given) as unknown };
      } catch {
        return { ok: true, value: unquoted };
      }
  }
}

const SIZE_UNITS: Record<string, number> = {
  b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
  k: 1024, m: 1024 ** 2, g: 1024 ** 3,
};

/** Reads a size such as `500 MB`, `1 GiB` or `10m`. */
export function parseSize(text: string): Parsed<number> {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = SIZE_UNITS[(match?.[2] || 'b').toLowerCase()];
  if (!match || unit === undefined) {
    return { ok: false, message: `Expected a size such as \`500 MB\` or \`1 GiB\`, got \`${text.trim()}\`` };
  }
  return { ok: true, value: Math.round(Number(match[1]) * unit) };
}

// Plain decimal digits only: Number() would also take `1e3`, `0x50`, `0b1` and ` 8_0`.
const DIGITS = /^\d{1,15}$/;

/** Reads a TCP port number, written in plain decimal digits. */
export function parsePort(text: string): Parsed<number> {
  const value = DIGITS.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    return { ok: false, message: `Expected a port from 1 to 65535, got \`${text.trim()}\`` };
  }
  return { ok: true, value };
}

/** Reads a positive whole number (a count), written in plain decimal digits. */
export function parseCount(text: string): Parsed<number> {
  const value = DIGITS.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isInteger(value) || value < 1) {
    return { ok: false, message: `Expected a whole number of at least 1, got \`${text.trim()}\`` };
  }
  return { ok: true, value };
}

/** Splits a list of references written with commas, semicolons or "and". */
export function splitList(text: string): string[] {
  if (isEmptyValue(text)) return [];
  return text
    .split(/(?<!\s)\s*(?:,|;|\band\b|&)\s*/)
    .map((part) => part.trim())
    .filter((part) => part !== '' && !isEmptyValue(part));
}
