/**
 * Schedules as people write them, read word by word rather than matched against phrases: a
 * frequency (`hourly`, `nightly`, `every quarter hour`, `each Monday`, `weekdays`), a day of the
 * month (`on the 1st`, `monthly, 1st`), a time of day (`at 03:15`, `6pm`, `midnight`) and a zone
 * (`UTC`), in any order, with the small words between them (at, on, the, of, and, a comma). The
 * parts are composed into a cron expression (minute hour day-of-month month day-of-week).
 */

/** A schedule phrase turned into cron, with whether its times are in UTC. */
export interface CalendarCron { cron: string; utc: boolean }

type Token =
  | { kind: 'time'; hour: number; minute: number }
  | { kind: 'ordinal'; day: number }
  | { kind: 'number'; value: number }
  | { kind: 'word'; word: string; capital: boolean }
  | { kind: 'punct' };

interface PlacedToken { token: Token; start: number; end: number }

// One token at a time from a sticky position: each alternative is bounded, so scanning is linear.
const TOKEN = /(\d{1,2}):(\d{2})(?:\s*([ap])\.?m\b\.?)?|(\d{1,2})\s*([ap])\.?m\b\.?|(\d{1,2})(?:st|nd|rd|th)\b|(\d{1,4})(?![\d:])|([a-z]+)(?:'s)?|([,&])|(\S)/iy;

const DAY_NUMBERS: Record<string, number> = {
  sunday: 0, sun: 0, monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3,
  thursday: 4, thu: 4, thur: 4, thurs: 4, friday: 5, fri: 5, saturday: 6, sat: 6,
};
// A word that says how often on its own.
const FREQUENCY_WORDS: Record<string, Unit> = { hourly: 'hour', daily: 'day', nightly: 'day', weekly: 'week', monthly: 'month' };
type Unit = 'minute' | 'hour' | 'day' | 'week' | 'month';
const UNITS: Record<string, Unit> = {
  minute: 'minute', minutes: 'minute', min: 'minute', mins: 'minute', hour: 'hour', hours: 'hour', hr: 'hour', hrs: 'hour',
  day: 'day', days: 'day', night: 'day', nights: 'day', evening: 'day', morning: 'day', week: 'week', weeks: 'week', month: 'month', months: 'month',
};
// Words that may stand between the parts of a schedule without changing it.
const FILLERS = new Set(['at', 'on', 'the', 'of', 'and', 'in', 'a', 'an', 'per', 'once', 'every', 'each', 'job', 'run', 'runs', 'task',
  'local', 'time', 'around', 'about', 'from', 'starting', 'h']);

/** The words of a schedule as tokens, with where each stands in the text. */
function tokenize(text: string): PlacedToken[] {
  const tokens: PlacedToken[] = [];
  let at = 0;
  while (at < text.length) {
    while (at < text.length && /\s/.test(text[at] ?? '')) at++;
    if (at >= text.length) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) break;
    const end = at + m[0].length;
    tokens.push({ token: tokenOf(m), start: at, end });
    at = end;
  }
  return tokens;
}

function tokenOf(m: RegExpExecArray): Token {
  const [, hh, mm, half, hourAlone, halfAlone, ordinal, number, word, punct] = m;
  if (hh !== undefined) return { kind: 'time', hour: toHour(Number(hh), half), minute: Number(mm) };
  if (hourAlone !== undefined) return { kind: 'time', hour: toHour(Number(hourAlone), halfAlone), minute: 0 };
  if (ordinal !== undefined) return { kind: 'ordinal', day: Number(ordinal) };
  if (number !== undefined) return { kind: 'number', value: Number(number) };
  if (word !== undefined) return { kind: 'word', word: word.toLowerCase(), capital: /^[A-Z]/.test(word) };
  return punct !== undefined ? { kind: 'punct' } : { kind: 'word', word: m[0], capital: false };
}

function toHour(hour: number, half: string | undefined): number {
  if (half === undefined) return hour;
  return (hour % 12) + (half.toLowerCase() === 'p' ? 12 : 0);
}

// What a run of tokens says, part by part; null when a token is not part of a schedule.
interface Parts { unit: Unit | null; count: number; hour: number | null; minute: number; days: string | null; day: number | null; utc: boolean; anchored: boolean; needsHour: boolean; pendingCount: boolean }

function readParts(tokens: Token[]): Parts | null {
  const parts: Parts = { unit: null, count: 1, hour: null, minute: 0, days: null, day: null, utc: false, anchored: false, needsHour: false, pendingCount: false };
  let count: number | null = null;
  // A unit counts only after `every`, `each`, `per` or `once a`: "12 hours" alone is a duration.
  let every = false;
  const days: number[] = [];
  for (const [i, token] of tokens.entries()) {
    if (token.kind === 'punct') continue;
    if (token.kind === 'time') {
      if (parts.hour !== null) return null;
      parts.hour = token.hour;
      parts.minute = token.minute;
      continue;
    }
    if (token.kind === 'ordinal') {
      parts.day = token.day;
      parts.anchored = true;
      continue;
    }
    if (token.kind === 'number') {
      if (count !== null || !every) return null;
      count = token.value;
      continue;
    }
    const word = token.word;
    const next = tokens[i + 1];
    if (word in FREQUENCY_WORDS) {
      parts.unit = FREQUENCY_WORDS[word] ?? null;
      parts.anchored = true;
    } else if (word === 'quarter' || word === 'half') {
      if (next !== undefined && (next.kind !== 'word' || !/^(hour|hr)s?$/.test(next.word))) return null;
      parts.needsHour = next === undefined;
      parts.unit = 'minute';
      parts.count = word === 'quarter' ? 15 : 30;
      parts.anchored = true;
    } else if (word in UNITS) {
      const unit = UNITS[word] ?? 'day';
      const previous = tokens[i - 1];
      if (!every && !(unit === 'month' && parts.day !== null)) return null;
      // "the 1st day of the month", "half hour": the unit belongs to the part before it.
      if ((unit === 'day' && previous?.kind === 'ordinal') || (unit === 'hour' && previous?.kind === 'word' && (previous.word === 'quarter' || previous.word === 'half'))) continue;
      if (unit === 'month' && parts.day !== null) {
        parts.unit = 'month';
        continue;
      }
      if (parts.unit !== null && parts.unit !== unit && !(unit === 'day' && parts.hour !== null)) return null;
      parts.unit = unit;
      parts.count = count ?? 1;
      count = null;
      parts.anchored = true;
    } else if (word === 'first' && (next?.kind === 'word' && (next.word === 'of' || next.word === 'day'))) {
      parts.day = 1;
      parts.anchored = true;
    } else if (word === 'midnight' || word === 'noon' || word === 'midday') {
      if (parts.hour !== null) return null;
      parts.hour = word === 'midnight' ? 0 : 12;
    } else if (/^weekdays?$/.test(word)) {
      parts.days = '1-5';
      parts.anchored = true;
    } else if (/^weekends?$/.test(word)) {
      parts.days = '0,6';
      parts.anchored = true;
    } else if (dayNumber(word, token.capital) !== null) {
      days.push(dayNumber(word, token.capital) ?? 0);
      parts.anchored = true;
    } else if (word === 'utc' || word === 'gmt' || word === 'z') {
      parts.utc = true;
    } else if (!FILLERS.has(word)) {
      return null;
    }
    const previous = tokens[i - 1];
    if (word === 'every' || word === 'each' || word === 'per' || ((word === 'a' || word === 'an') && previous?.kind === 'word' && previous.word === 'once')) every = true;
  }
  parts.pendingCount = count !== null;
  if (days.length > 0) parts.days = [...new Set(days)].sort((a, b) => a - b).join(',');
  return parts;
}

// A day's short name (`Mon`, `Sat`) counts only capitalised: `sat` and `sun` are words too.
function dayNumber(word: string, capital: boolean): number | null {
  const name = DAY_NUMBERS[word] ?? (word.length > 4 && word.endsWith('s') ? DAY_NUMBERS[word.slice(0, -1)] : undefined);
  return name !== undefined && (word.length > 4 || capital) ? name : null;
}

// The cron expression the parts make, or null when they do not make one schedule.
function cronOf(parts: Parts): string | null {
  const { unit, count, hour, minute, days, day } = parts;
  if (!parts.anchored || parts.needsHour || parts.pendingCount) return null;
  if (hour !== null && (hour > 23 || minute > 59)) return null;
  const h = hour ?? 0;
  if (day !== null) {
    // A bare ordinal ("the 1st release") is no schedule: it needs a month or a time beside it.
    if (day < 1 || day > 31 || days !== null || (unit !== 'month' && hour === null) || (unit === 'month' && count !== 1)) return null;
    return `${minute} ${h} ${day} * *`;
  }
  if (days !== null) return unit === null || unit === 'week' || (unit === 'day' && count === 1) ? `${minute} ${h} * * ${days}` : null;
  if (hour !== null) {
    if (unit === null || (unit === 'day' && count === 1)) return `${minute} ${hour} * * *`;
    return unit === 'month' && count === 1 ? `${minute} ${hour} 1 * *` : null;
  }
  if (unit === 'minute') return count >= 1 && count < 60 && 60 % count === 0 ? `*/${count} * * * *` : null;
  if (unit === 'hour') return count >= 1 && count < 24 && 24 % count === 0 ? `0 ${count === 1 ? '*' : `*/${count}`} * * *` : null;
  if (count !== 1) return null;
  return unit === 'day' ? '0 0 * * *' : unit === 'week' ? '0 0 * * 0' : unit === 'month' ? '0 0 1 * *' : null;
}

/** The cron expression of a whole schedule phrase, with whether it is in UTC; null when it is none. */
export function cronOfCalendar(text: string): CalendarCron | null {
  const parts = readParts(tokenize(text.replace(/`/g, '')).map((t) => t.token));
  const cron = parts ? cronOf(parts) : null;
  return cron && parts ? { cron, utc: parts.utc } : null;
}

/**
 * Finds the first schedule phrase in plain text ("The retrainer runs weekly on Sundays at 04:00
 * from cron." gives `weekly on Sundays at 04:00`): the longest run of schedule words that reads
 * as one schedule. Null when the text states none.
 */
export function findCalendarPhrase(text: string): string | null {
  const tokens = tokenize(text);
  const MAX_RUN = 12;
  // The fullest reading wins: "a monthly job that runs on the 1st at 04:00" is the 1st at 04:00.
  let best: { text: string; size: number } | null = null;
  for (let start = 0; start < tokens.length; start++) {
    const first = tokens[start]?.token;
    if (!first || first.kind === 'punct' || (first.kind === 'word' && FILLERS.has(first.word) && !['every', 'each', 'at', 'on', 'once'].includes(first.word))) continue;
    let stop = start;
    while (stop < tokens.length && stop - start < MAX_RUN && readParts(tokens.slice(start, stop + 1).map((t) => t.token)) !== null) stop++;
    for (let end = stop; end > start; end--) {
      const run = tokens.slice(start, end);
      const last = run[run.length - 1]?.token;
      if (last?.kind === 'punct' || (last?.kind === 'word' && FILLERS.has(last.word))) continue;
      const parts = readParts(run.map((t) => t.token));
      if (!parts || !cronOf(parts)) continue;
      if (!best || run.length > best.size) best = { text: text.slice(run[0]?.start ?? 0, run[run.length - 1]?.end ?? 0), size: run.length };
      break;
    }
  }
  return best?.text ?? null;
}
