/**
 * Reads one entry of a component catalogue (a mapping in a YAML, JSON or TOML block) into a
 * worker: each key is recognised by the shape of its value first (a command line is the command
 * whatever the key is called, a probe — a loopback URL, `curl` of one, `pg_isready`, `redis-cli
 * ping` — is the health check and never the command, even under `command:`, `*.pid` a pidfile,
 * `*.lock` a lock) and by the family of its name second (`depends_on`/`needs`/`after`, `outputs`/`writes`
 * with `max_age`/`sla`/`fresh_s`, `schedule`/`cron`, compose's `healthcheck.test` and `ports`).
 */
import type { Tree, TreeEntry } from './parse-block-tree.js';
import { isCommandLike, isPathLike, isProbe } from './read-text.js';
import { parseWorkerType, parseSchedule } from './job-schedule.js';

/** A fact of an entry: a canonical worker key, its text, and its line in the block. */
export interface EntryFact {
  key: string;
  text: string;
  line: number;
}

/** What one catalogue entry says about its worker. */
export interface CatalogueEntry {
  name: string;
  line: number;
  facts: EntryFact[];
  produces: { path: string; freshness: string | null; line: number }[];
  /** Components it needs (names or paths), and what it calls that may be inside or outside. */
  needs: { name: string; line: number }[];
  calls: { name: string; line: number }[];
  /** Names the entry marks as outside the system (`# external`, `outside.x`). */
  externals: { name: string; line: number }[];
  /** Values that could not be read, with why. */
  unread: { line: number; message: string }[];
}

const FAMILIES: [string, RegExp][] = [
  ['name', /^(name|id|service|component|worker|program|process|title|app)$/],
  ['command', /^(command|cmd|run|exec|execute|start|start command|startcommand|entrypoint|entry point|script|launch|invocation)$/],
  ['health', /\b(health|healthcheck|liveness|readiness|probe)\b/],
  ['schedule', /^(schedule|cron|crontab|every|interval|at|when|frequency|cadence|timer|on calendar|runs)$/],
  ['type', /^(kind|type|worker type|mode|lifecycle type)$/],
  ['pidfile', /^(pid ?file|pid)$/],
  ['lock', /^(lock|lock ?file|lockfile)$/],
  ['port', /^(ports?|listen|listens on|bind|http port)$/],
  ['cwd', /^(cwd|working dir|working directory|workdir|working_dir|directory|dir|chdir)$/],
  ['user', /^(user|run as|runs as)$/],
  ['restart', /^(restart|restart policy|autorestart)$/],
  ['produces', /^(outputs?|writes|produces|emits|artifacts|artefacts|generates|creates|writes to)$/],
  ['needs', /^(depends on|dependson|depends|dependencies|needs|after|requires|upstream|wants|inputs?|reads|consumes|uses|reads from)$/],
  ['calls', /^(talks to|calls|sends to|downstream|notifies|pushes to|uploads to|sinks?|external|externals|outside|third party|provides to)$/],
  ['freshness', /\b(max age|maxage|fresh|freshness|stale|staleness|sla|ttl)\b/],
  ['job', /^(job|oneshot|one shot|cronjob)$/],
];
// Keys whose command-like value is not how the worker starts (a stop or check command, prose).
const NOT_START = /\b(health|check|probe|test|liveness|readiness|stop|reload|kill|validate|verify|pre|post|hook|on|description|desc|summary|notes?|comment|doc|docs|about|purpose|example|usage|why|help)\b/;
// Keys whose probe-shaped value checks something else, or at another time (`pre_start: nc -z db 5432`).
const NOT_HEALTH = /\b(stop|reload|kill|pre|post|hook|on|before|after|wait|waits|example|usage|description|desc|summary|notes?|comment|doc|docs)\b/;
const OUTSIDE_NOTE = /\b(external|outside|not ours|third[- ]party|vendor|not operated|not run by us|we don'?t run)\b/i;

/** The family a key belongs to by its words (`depends_on` -> needs), or null. */
export function familyOf(key: string): string | null {
  const words = wordsOf(key);
  return FAMILIES.find(([, re]) => re.test(words))?.[0] ?? null;
}

function wordsOf(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/[_\-.\s]+/g, ' ').trim();
}

/** The text of a scalar node, or null for lists and mappings. */
export function textOf(tree: Tree | undefined): string | null {
  return tree?.kind === 'scalar' && tree.value !== null ? String(tree.value) : null;
}

/** True when a mapping gives a way to start a worker: a command key, or a command-shaped value. */
export function hasStartCommand(entries: TreeEntry[]): boolean {
  return entries.some((entry) => startCommandOf(entry) !== null);
}

function startCommandOf(entry: TreeEntry): string | null {
  const family = familyOf(entry.key);
  if (family === 'command') {
    const command = commandText(entry.value);
    return command !== null && !isProbe(command) ? command : null;
  }
  if (family !== null || NOT_START.test(wordsOf(entry.key))) return null;
  const text = textOf(entry.value);
  return text !== null && isCommandLike(text) && !isProbe(text) ? text : null;
}

// A command as a string, or compose's list form (`["python", "x.py"]`), quoted where needed.
function commandText(tree: Tree): string | null {
  if (tree.kind === 'list') {
    const parts = tree.items.map(textOf);
    if (parts.length === 0 || parts.some((p) => p === null)) return null;
    return (parts as string[]).map((p) => (/^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`)).join(' ');
  }
  const text = textOf(tree);
  return text !== null && text.trim() !== '' ? text.trim() : null;
}

/** Reads one catalogue entry (its name already found) into the facts of its worker. */
export function readCatalogueEntry(name: string, line: number, entries: TreeEntry[]): CatalogueEntry {
  const entry: CatalogueEntry = { name, line, facts: [], produces: [], needs: [], calls: [], externals: [], unread: [] };
  const set = (key: string, text: string, at: number): void => {
    if (!entry.facts.some((f) => f.key === key)) entry.facts.push({ key, text, line: at });
  };
  // An explicit command key wins over a command-shaped value under another key.
  const explicit = entries.find((e) => familyOf(e.key) === 'command' && startCommandOf(e) !== null);
  const start = explicit ?? entries.find((e) => startCommandOf(e) !== null);
  if (start) set('command', (explicit ? commandText(start.value) : startCommandOf(start)) ?? '', start.line);
  const freshness: EntryFact[] = [];
  for (const item of entries) {
    const family = familyOf(item.key);
    const text = textOf(item.value);
    if (item === start || family === 'name') continue;
    if (family === 'health') readHealth(entry, item, set);
    else if (family === 'schedule' && text !== null) set('schedule', scheduleOf(text, item.value.note), item.line);
    else if (family === 'type' && text !== null) {
      if (parseWorkerType(text).ok) set('type', text, item.line);
    } else if (family === 'job' && item.value.kind === 'scalar') {
      if (item.value.value === true || text === 'true' || text === 'yes') set('type', 'job', item.line);
    } else if (family === 'port') readPort(entry, item, set);
    else if (family === 'produces') readOutputs(entry, item);
    else if (family === 'needs') entry.needs.push(...refsOf(entry, item.value));
    else if (family === 'calls') entry.calls.push(...refsOf(entry, item.value));
    else if (family === 'freshness' && text !== null) freshness.push({ key: 'freshness', text: withUnit(text, item.key) ?? '', line: item.line });
    else if (family !== null && text !== null && ['pidfile', 'lock', 'cwd', 'user', 'restart'].includes(family)) set(family, text, item.line);
    else if (family === null && text !== null && /\.pid$/.test(text) && isPathLike(text)) set('pidfile', text, item.line);
    else if (family === null && text !== null && /\.lock$/.test(text) && isPathLike(text)) set('lock', text, item.line);
    else if ((family === null || family === 'command') && text !== null && isProbe(text) && !NOT_HEALTH.test(wordsOf(item.key))) {
      set('health', text.trim(), item.line);
      if (family === 'command') entry.unread.push({ line: item.line, message: `Expected a command that starts \`${name}\` under \`${item.key}\`, got the probe \`${text.trim()}\`; read as its health check, not how it starts` });
    }
    // A `# cron: 0 8 * * *` note on any line states the schedule when no key does.
    const cron = /\bcron\s*:?\s*((?:\S+\s+){4}\S+)/i.exec(item.value.note)?.[1];
    if (cron && family !== 'schedule') set('schedule', cron, item.line);
  }
  // `writes: data/in.json` + `max age: 5 min` beside it: the limit is that one output's.
  for (const fresh of freshness) {
    if (fresh.text === '') entry.unread.push({ line: fresh.line, message: 'Expected a duration with a unit (`300s`, `5 min`); the freshness is not read' });
    else if (entry.produces.length === 1 && entry.produces[0] && entry.produces[0].freshness === null) entry.produces[0].freshness = fresh.text;
  }
  return entry;
}

// `every 6 hours  # cron: 0 */6 * * *`: the value when it reads, else the cron its note gives.
function scheduleOf(text: string, note: string): string {
  const cron = /\bcron\s*:?\s*((?:\S+\s+){4}\S+)/i.exec(note)?.[1];
  return !parseSchedule(text).ok && cron ? cron : text;
}

type Setter = (key: string, text: string, line: number) => void;

function readHealth(entry: CatalogueEntry, item: TreeEntry, set: Setter): void {
  const value = item.value;
  if (value.kind === 'scalar' || value.kind === 'list') {
    const target = healthTarget(value);
    if (target) set('health', target, item.line);
    return;
  }
  let port: string | null = null;
  let path: string | null = null;
  for (const part of value.entries) {
    const words = wordsOf(part.key);
    const text = textOf(part.value);
    if (/^(test|command|cmd|exec|run|http|https|url|get|http get|tcp|script)$/.test(words)) {
      const target = healthTarget(part.value);
      if (target && /^\/\S*$/.test(target)) path = target;
      else if (target) set('health', target, part.line);
    } else if (words === 'port' && text !== null) port = text;
    else if (words === 'path' && text !== null) path = text;
    else if (/^(interval|period|every)$/.test(words) && text !== null) set('health period', text, part.line);
    else if (words === 'timeout' && text !== null) set('health timeout', text, part.line);
    else if (/^(retries|failure threshold|failures)$/.test(words) && text !== null) set('health retries', text, part.line);
    else if (/^(start period|grace|initial delay)$/.test(words) && text !== null) set('start period', text, part.line);
  }
  // `{ port: 8080, path: /healthz }`: an HTTP GET on this machine.
  if (path !== null && !entry.facts.some((f) => f.key === 'health')) {
    const on = port ?? entry.facts.find((f) => f.key === 'port')?.text ?? null;
    if (on !== null) set('health', `http://127.0.0.1:${on}${path.startsWith('/') ? path : `/${path}`}`, item.line);
    else entry.unread.push({ line: item.line, message: `Expected a port for the health path \`${path}\`; the health check is not read` });
  }
}

// compose's `test: ["CMD", "curl", "-f", URL]` / `["CMD-SHELL", "cmd"]`, or a plain command or URL.
function healthTarget(value: Tree): string | null {
  if (value.kind === 'list') {
    const parts = value.items.map(textOf).filter((p): p is string => p !== null);
    if (parts[0] === 'NONE') return null;
    if (parts[0] === 'CMD-SHELL') return parts.slice(1).join(' ') || null;
    return (parts[0] === 'CMD' ? parts.slice(1) : parts).join(' ') || null;
  }
  const text = textOf(value)?.trim() ?? '';
  return text === '' ? null : text.replace(/^CMD-SHELL\s+/, '');
}

function readPort(entry: CatalogueEntry, item: TreeEntry, set: Setter): void {
  const first = item.value.kind === 'list' ? item.value.items[0] : item.value;
  const text = textOf(first);
  // compose's "HOST:CONTAINER" (or "IP:HOST:CONTAINER", "8080:80/tcp"): the host side is where it listens.
  const parts = (text ?? '').replace(/\/(tcp|udp)$/, '').split(':');
  const port = parts.length >= 2 && item.value.kind === 'list' ? parts[parts.length - 2] : parts[parts.length - 1];
  if (port !== undefined && /^\d{1,5}$/.test(port.trim())) set('port', port.trim(), first?.line ?? item.line);
  else entry.unread.push({ line: item.line, message: `Expected a port number, got \`${text ?? '(a list)'}\`; the port is not read` });
}

function readOutputs(entry: CatalogueEntry, item: TreeEntry): void {
  const items = item.value.kind === 'list' ? item.value.items : [item.value];
  for (const output of items) {
    const text = textOf(output);
    if (text !== null) {
      entry.produces.push({ path: text, freshness: null, line: output.line });
      continue;
    }
    if (output.kind !== 'map') continue;
    const path = output.entries.find((e) => /^(path|file|name|target)$/.test(wordsOf(e.key)));
    const pathText = textOf(path?.value);
    if (!path || pathText === null) continue;
    const fresh = output.entries.find((e) => familyOf(e.key) === 'freshness');
    const freshText = fresh ? withUnit(textOf(fresh.value) ?? '', fresh.key) : null;
    if (fresh && freshText === null) entry.unread.push({ line: fresh.line, message: `Expected a duration with a unit for \`${fresh.key}\` (\`300s\`, \`5 min\`, or a key such as \`fresh_s\`); the freshness of \`${pathText}\` is not read` });
    entry.produces.push({ path: pathText, freshness: freshText, line: path.line });
  }
}

// A number under `fresh_s` / `max_age_minutes` takes its unit from the key; a bare number has none.
function withUnit(text: string, key: string): string | null {
  if (!/^\d+(\.\d+)?$/.test(text.trim())) return text.trim() === '' ? null : text.trim();
  const unit = /(?:^|[_\-\s])(ms|millis|s|sec|secs|seconds|m|min|mins|minutes|h|hr|hrs|hours|d|days)$/i.exec(key)?.[1]?.toLowerCase();
  if (!unit) return null;
  const word = unit === 'ms' || unit === 'millis' ? 'ms' : unit.startsWith('s') ? 'seconds' : unit.startsWith('m') ? 'minutes' : unit.startsWith('h') ? 'hours' : 'days';
  return `${text.trim()} ${word}`;
}

// The names a dependency list gives: strings, `{ name | path | service }` mappings, compose's
// `depends_on: { db: { condition: ... } }`, Backstage's `component:default/db`. An item noted
// `# external`, or written `outside.x`, is an outside system.
function refsOf(entry: CatalogueEntry, value: Tree): { name: string; line: number }[] {
  const items: { text: string; line: number; note: string }[] = [];
  if (value.kind === 'map') {
    for (const e of value.entries) items.push({ text: e.key, line: e.line, note: e.value.note });
  } else {
    for (const item of value.kind === 'list' ? value.items : [value]) {
      const text = textOf(item) ?? (item.kind === 'map' ? textOf(item.entries.find((e) => /^(name|path|file|service|component|id)$/.test(wordsOf(e.key)))?.value) : null);
      if (text !== null) items.push({ text, line: item.line, note: item.note || (value.kind === 'list' && value.items.length === 1 ? value.note : '') });
    }
  }
  const refs: { name: string; line: number }[] = [];
  for (const item of items) {
    const outside = /^(outside|external|ext)[./:]/i.exec(item.text);
    const name = item.text.replace(/^(component|resource|system|api|group|service):(?:[\w-]+\/)?/i, '').trim();
    if (outside || OUTSIDE_NOTE.test(item.note)) entry.externals.push({ name: outside ? name.slice(outside[0].length) : name, line: item.line });
    else if (name !== '') refs.push({ name, line: item.line });
  }
  return refs;
}
