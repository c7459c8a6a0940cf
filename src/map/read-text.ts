import { NUMBER_WORDS_PATTERN } from './parse-values.js';
import { findCalendarPhrase } from './calendar-schedule.js';

/**
 * Small readers for the free text of a map (`marked` text keeps code spans in backticks and bold
 * in `**`): names, paths, commands, ports and durations as people write them in sentences.
 */

const DATA_EXTENSIONS = /\.(jsonl|ndjson|json|csv|tsv|log|txt|parquet|sqlite|db|xml|html|nc|grib2?|gz|tgz|zip|tar|pid|lock|stamp|yaml|yml|toml|ini|conf|cfg|env|md|bin|dat|avro|orc|arrow|h5|pkl|sock)$/i;
const CONFIG_EXTENSIONS = /(^|\/)(\.env(\.[\w-]+)?|[^/]+\.(json|jsonc|yaml|yml|toml|ini|conf|cfg|env|properties))$/i;

/** The code spans of marked text, in order. */
export function codeSpans(marked: string): string[] {
  return [...marked.matchAll(/`([^`]+)`/g)].map((m) => (m[1] ?? '').trim());
}

/** The bold spans of marked text, in order. */
export function boldSpans(marked: string): string[] {
  return [...marked.matchAll(/\*\*([^*]+)\*\*/g)].map((m) => (m[1] ?? '').replace(/`/g, '').trim());
}

/**
 * The text with a trailing parenthesised aside dropped (`sitemap (job, every 12 hours)` is
 * `sitemap`), and the aside. Written as a scan, not a regex: `\s*\([^)]*\)\s*$` tries every
 * `(` and every space against the rest of the text, quadratic on untrusted lines.
 */
export function splitTrailingAside(text: string, allowPeriod = false): { text: string; aside: string | null } {
  let end = text.trimEnd().length;
  if (allowPeriod && text[end - 1] === '.') end--;
  if (text[end - 1] !== ')') return { text, aside: null };
  const previousClose = text.lastIndexOf(')', end - 2);
  const open = text.indexOf('(', previousClose + 1);
  if (open < 0 || open >= end - 1) return { text, aside: null };
  return { text: text.slice(0, open).trimEnd(), aside: text.slice(open + 1, end - 1) };
}

/** The text with every parenthesised aside, nested ones included, replaced by `by`; unclosed `(` kept. */
export function dropAsides(text: string, by = ' '): string {
  if (!text.includes('(')) return text;
  let out = '';
  let depth = 0;
  let openedAt = 0;
  let kept = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') {
      if (depth === 0) openedAt = i;
      depth++;
    } else if (c === ')' && depth > 0 && --depth === 0) {
      out += text.slice(kept, openedAt) + by;
      kept = i + 1;
    }
  }
  return out + text.slice(kept);
}

/** Marked text back to plain text. */
export function plainOf(marked: string): string {
  return marked.replace(/\*\*/g, '').replace(/`/g, '');
}

/** True for a name a component could have: one identifier-like word. */
export function isNameLike(text: string): boolean {
  return /^[A-Za-z][\w.-]{0,63}$/.test(text) && !isPathLike(text);
}

/** True for something that reads as a file or folder path: has a slash or a data file extension. */
export function isPathLike(text: string): boolean {
  if (!/^[\w./~-][\w./~@+-]*$/.test(text) || /^https?:/.test(text)) return false;
  // A folder written with its trailing slash (`out/`, `data/exports/`).
  if (/^\.{0,2}\/?[\w-][\w.-]*(?:\/[\w.-]+)*\/$/.test(text)) return true;
  if (/^\.?\/?[\w.-]+\/[\w./-]*[\w-]$/.test(text) || text.startsWith('/')) return true;
  return DATA_EXTENSIONS.test(text) || /^\.env\b/.test(text);
}

/** True for a path that names a config file (JSON, YAML, TOML, INI, .env...). */
export function isConfigPath(text: string): boolean {
  return isPathLike(text) && CONFIG_EXTENSIONS.test(text);
}

const PROGRAMS = /^(python\d?(\.\d+)?|node|deno|bun|ruby|perl|php|java|go|cargo|dotnet|npm|npx|yarn|pnpm|uvicorn|gunicorn|celery|nginx|redis-server|mosquitto|bash|sh|zsh|env|exec|docker|podman|supervisord|honcho|rsync|vector|bitcoind|grafana-server|prometheus|postgres|mysqld|caddy|haproxy|java|make|cron|systemctl|npm)$/;

/** True for a code span that reads as a command line rather than a path or a name. */
export function isCommandLike(text: string): boolean {
  const first = text.split(/\s+/)[0] ?? '';
  if (/^https?:/.test(first) || text.includes('\n')) return false;
  if (PROGRAMS.test(first)) return true;
  if (/^(\.{1,2}\/|bin\/|\/usr\/|\/opt\/|scripts\/)/.test(first) && !DATA_EXTENSIONS.test(first.replace(/\.(sh|py|js)$/, ''))) {
    return !/\.(jsonl|ndjson|json|csv|log|txt|parquet|yaml|yml|toml|ini)$/i.test(first);
  }
  return /\s/.test(text) && /^[\w.-]+$/.test(first) && /\s-{1,2}\w|\s\S+\.(py|js|mjs|ts|rb|sh|jar|conf)\b/.test(text);
}

// The lookbehind keeps a run of digits from being retried at every digit (quadratic).
const DURATION = String.raw`(?<![\w.:/-])(\d+(?:\.\d+)?|${NUMBER_WORDS_PATTERN})\s*(milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)\b`;
const DURATION_WORD = String.raw`\b(hourly|daily|weekly|nightly)\b`;
const FRESHNESS_CUE = /(stale after|max(?:imum)? age|\bsla\b|fresh(?:ness)?(?: budget)?(?: within)?|no older than|never (?:be )?older than|older than|younger than|newer than|fresher than|max(?:imum)? staleness|within the last|up to|more than|<=?|≤|\bold\b|staleness budget|alert(?:s)? (?:when|after|at)|\b(?:touched|updated|written|modified|refreshed|rewritten|changed|moved)\s+(?:in|for|within)\b)/gi;
// `less than 1 hour old`, `at most 7 hours old`, `under 5 min old`: a bound, a duration, then "old".
const BOUND_BEFORE = /\b(less than|under|at most|no more than|not more than|max(?:imum)?|younger than)\s*~?$|[<≤]=?\s*~?$/i;

/** Every duration in a text, with where it starts: `120 seconds`, `5 min`, `24h`, `1 day`, `daily`. */
export function findDurations(text: string): { text: string; index: number }[] {
  const found: { text: string; index: number }[] = [];
  for (const m of text.matchAll(new RegExp(`${DURATION}|${DURATION_WORD}`, 'gi'))) {
    if (m.index === undefined) continue;
    const before = text.slice(Math.max(0, m.index - 1), m.index);
    if (/[\w.:/-]/.test(before)) continue;
    found.push({ text: m[0].replace(/^nightly$/i, 'daily'), index: m.index });
  }
  return found;
}

/**
 * The freshness limit a sentence states: the first duration after a cue such as "stale after",
 * "max age", "SLA", "no older than", "< 10 min old". With `anyDuration`, a lone duration counts
 * (a bullet in a freshness section), unless it reads as a cadence ("every 5 min", "hourly").
 */
export function findFreshness(text: string, anyDuration = false): string | null {
  const plain = plainOf(text);
  const durations = findDurations(plain);
  if (durations.length === 0) return null;
  const cues = [...plain.matchAll(FRESHNESS_CUE)].map((m) => (m.index ?? 0) + m[0].length);
  for (const cue of cues) {
    const after = durations.find((d) => d.index >= cue && !/\b(every|each|per)\s+$/i.test(plain.slice(Math.max(0, d.index - 7), d.index)));
    if (after && plain.slice(cue, after.index).length <= 40) return after.text;
  }
  for (const d of durations) {
    if (/^\s*(old|of age)\b/i.test(plain.slice(d.index + d.text.length)) && BOUND_BEFORE.test(plain.slice(Math.max(0, d.index - 20), d.index).trimEnd() + ' ')) return d.text;
  }
  if (!anyDuration) return null;
  const lone = durations.find((d) => !/\b(every|each|per|runs?|cadence)\s+(?:about\s+)?$/i.test(plain.slice(Math.max(0, d.index - 12), d.index)) && !/^(hourly|daily|weekly)$/i.test(d.text));
  return lone?.text ?? null;
}

/** The port a text states: `port 8088`, `listens on 7070`, `:8081`, or a bare port number. */
export function findPort(text: string): number | null {
  const plain = plainOf(text);
  const m = /\b(?:port|listens on|listening on|binds|bound to|on)(?:\s*port)?\s*(?::\s*)?(\d{2,5})\b/i.exec(plain) ?? /(?:^|\s|\()[:](\d{2,5})\b/.exec(plain) ?? /^\s*(\d{2,5})\b/.exec(plain);
  const port = m?.[1] ? Number(m[1]) : NaN;
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : null;
}

/** The lock file and pidfile a sentence names: `takes the lock file \`run/a.lock\``, `pid in \`run/x.pid\``. */
export function findLockPaths(marked: string): ['lock' | 'pidfile', string][] {
  const found: ['lock' | 'pidfile', string][] = [];
  for (const m of marked.matchAll(/`([^`\s]+)`/g)) {
    const path = m[1] ?? '';
    if (!isPathLike(path)) continue;
    const before = plainOf(marked.slice(Math.max(0, (m.index ?? 0) - 30), m.index ?? 0));
    if (/\.(lock|lck)$/i.test(path) || /\block\s*file\b|\blockfile\b|\block\s*(?:at|in|is)?\s*$/i.test(before)) found.push(['lock', path]);
    else if (/\.pid$/i.test(path) || /\bpid\s*file\b|\bpidfile\b/i.test(before)) found.push(['pidfile', path]);
  }
  return found;
}

/** The command a text gives: a command-like code span, preferring one after "run", "started as/with". */
export function findCommand(marked: string): string | null {
  const cued = /\b(?:start(?:ed|s)?(?: as| with| by)?|run(?:s)?(?: as| with)?|launch(?:ed)?(?: as| with)?|command(?: is)?|entrypoint|invoked as|executes?)\b[^`]{0,40}`([^`]+)`/i.exec(marked);
  if (cued?.[1] && isCommandLike(cued[1])) return cued[1].trim();
  // A lone program name after "needs" or "talks to" is something the component uses, not its command.
  for (const m of marked.matchAll(/`([^`]+)`/g)) {
    const span = (m[1] ?? '').trim();
    if (!isCommandLike(span)) continue;
    const before = plainOf(marked.slice(Math.max(0, (m.index ?? 0) - 24), m.index ?? 0));
    if (/\s/.test(span) || !/\b(needs|requires|depends on|talks to|uses|calls|connects to|reads from|writes to|behind|via)\s*$/i.test(before)) return span;
  }
  return null;
}

/** The lead of a paragraph or bullet: a bold or code name it starts with, and the rest. */
export function leadOf(marked: string): { name: string; rest: string } | null {
  // A bullet glyph or emoji before the name (`**▸ pos_bridge**`) is decoration; a name closed by its
  // own period or colon inside the bold (`**gps_gateway.** Started as ...`) needs no separator after.
  const m = /^\s*(?:\*\*(?:[^\p{L}\p{N}\s*`]{1,3}\s*)?`?([^*`]+?)`?(?:[.:]\*\*\s*|\*\*\s*(?::\s*|[—–]\s*|-\s+|\(|\bis\b|\bare\b|$))|`([^`]+)`\s*(?::\s*|[—–]\s*|-\s+|\(|\bis\b|\bare\b|$))/u.exec(marked) ??
    /^\s*(?:the|our)\s+(?:\*\*`?([^*`]+?)`?\*\*|`([^`]+)`)\s+(?=(?:job|service|worker|daemon|process|program|script|stage|cron job)\b)/i.exec(marked);
  const name = (m?.[1] ?? m?.[2] ?? '').trim();
  if (!m || name === '') return null;
  return { name, rest: marked.slice(m[0].length - (m[0].endsWith('(') ? 1 : 0)).trim() };
}

/** Splits marked text into sentences without cutting inside code spans. */
export function splitSentences(marked: string): string[] {
  const spans: string[] = [];
  const masked = marked.replace(/`[^`]*`/g, (span) => `\u0000${spans.push(span) - 1}\u0000`);
  return masked
    .split(/(?<=[.!?])\s+(?=[A-Z`*\u0000(])|(?<=;)\s+|(?<=:)\s+(?=[A-Z])/)
    .map((s) => s.replace(/\u0000(\d+)\u0000/g, (_, i: string) => spans[Number(i)] ?? ''))
    .filter((s) => s.trim() !== '');
}

// Each qualifier word ends in a space or dash: `(?:\w+[ -]?){0,2}` splits a long word every way (quadratic).
const JOB_PHRASE = /\b(?:is|as|a|an)\s+(?:\w+[ -]){0,2}(?:job|cron ?job|batch job|one[- ]off)\b|\bruns? to completion\b|\bexits? when (?:it is )?done\b|\b(?:from|via|by|under) cron\b|\(job\b|^\s*job\b|\bscheduled\b|\b(?:daily|nightly|weekly|monthly|hourly|periodic|batch)\s+(?:job|task|run)\b|^\s*runs?\s+(?:every\s+\d|hourly|daily|nightly|weekly|monthly)|\bruns?\b[^.;]{0,40}\band (?:then )?exits\b|\bnot an? (?:daemon|service|long[- ]running)/i;

/** True when a component's own description says it is a job ("an hourly job", "runs to completion"). */
export function saysJob(text: string): boolean {
  return JOB_PHRASE.test(plainOf(text)) && !/\bnot a job\b/i.test(text);
}

/** The schedule a job's description states: a cron code span, `daily at 03:00`, `every 6 hours`, `hourly`. */
export function findSchedule(marked: string): string | null {
  const cron = codeSpans(marked).find((s) => /^(\S+\s+){4}\S+$/.test(s) && s.split(/\s+/).every((f) => /^[\d*\/,-]+$/.test(f)));
  if (cron) return cron;
  const plain = plainOf(marked);
  const phrase = findCalendarPhrase(plain);
  if (phrase) return /^(hourly|daily|nightly|weekly)$/i.test(phrase) ? phrase.toLowerCase().replace('nightly', 'daily') : phrase;
  const every = /\bevery\s+\d+(?:\.\d+)?\s*(?:seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?)\b/i.exec(plain);
  if (every) return every[0];
  const word = /\b(hourly|daily|nightly|weekly)\b/i.exec(plain);
  return word?.[1] ? word[1].toLowerCase().replace('nightly', 'daily') : null;
}

// A URL on this machine with a path beyond `/` (`http://127.0.0.1:8010/ping`), alone or fetched by curl/wget.
const LOOPBACK_URL = /^https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?\/[^\s/]\S*$/i;
const FETCH = /^(?:curl|wget|http|https)\s(?:[^\s]+\s){0,6}?(https?:\/\/\S+)\s*$/;

/** True when a value looks like a health probe by its shape: a loopback URL with a path, or curl/wget of one. */
export function isLoopbackProbe(text: string): boolean {
  const given = text.trim();
  if (LOOPBACK_URL.test(given)) return true;
  const fetched = FETCH.exec(given)?.[1];
  return fetched !== undefined && LOOPBACK_URL.test(fetched.replace(/^['"]|['"]$/g, ''));
}

const ANY_LOOPBACK_URL = /^https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?(?:\/\S*)?$/i;
const PROBE_PROGRAM = /^(?:pg_isready|cgi-fcgi|grpc_health_probe|mysqladmin|nc|redis-cli|mongosh|healthcheck)\b/;
const FETCH_PROGRAM = /^(?:curl|wget)\s/;

/**
 * True for a value that is a health probe by its shape, wider than isLoopbackProbe: a loopback URL
 * (a path optional), a curl/wget of one, a probe program (`pg_isready`, `redis-cli … ping`...). A
 * probe is never a start command.
 */
export function isProbe(span: string): boolean {
  const text = span.trim();
  if (ANY_LOOPBACK_URL.test(text)) return true;
  if (FETCH_PROGRAM.test(text)) return /(?:\s|\/\/)(?:127\.0\.0\.1|localhost|\[::1\])[:/\s]/.test(`${text} `);
  return PROBE_PROGRAM.test(text) || /^\S+(?:\s+-\S+(?:\s+\S+)?)*\s+ping$/.test(text);
}
