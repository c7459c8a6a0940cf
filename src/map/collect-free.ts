/**
 * Reads the forms people write without knowing healmap: a component as a heading, a bold or code
 * lead (`**name** — \`command\``) with bullets or prose beside it, a Key | Value table; tables read
 * by their columns wherever they stand; field descriptions in words; code blocks in standard
 * formats. Sentences and diagrams are kept for a second pass, once every component is known.
 */
import type { Block, BlockListItem, PlacedText } from './blocks.js';
import type { RawComponent, RawMap, RawValue, RawConfigField } from './collect-entries.js';
import type { MessageSink } from './messages.js';
import type { Place } from './types.js';
import type { HeadingKind } from './classify-heading.js';
import { canonicalKey, columnKey } from './vocabulary.js';
import { isEmptyValue, splitList } from './parse-values.js';
import { splitSentences, findDurations, codeSpans, findSchedule, saysJob, isCommandLike, findCommand, findFreshness, findLockPaths, findPort, isConfigPath, isLoopbackProbe, isProbe, isNameLike, isPathLike, leadOf, plainOf, boldSpans, dropAsides, splitTrailingAside } from './read-text.js';
import { findRange, looksLikeFieldText, readFieldText } from './read-field-text.js';
import { isJsonSchema, readColumnsBlock, readProcfile, readSchemaFields, readSupervisord, type BlockWorker } from './read-code-block.js';
import { readCatalogue, type CatalogueReading } from './read-catalogue.js';
import { readCrontab } from './read-crontab.js';
import { readHeadedColumns } from './read-columns-header.js';
import { readConfigExample } from './read-config-example.js';
import { readRegister, readRuledTable, splitKeyValue } from './read-register.js';
import { isWorkerRegister } from './read-table-kind.js';
import { findDirectoryPath } from './read-directory-ref.js';
import { readScopeBlock } from './read-scope-block.js';
import { findNarrativeWorker, hasComponentEvidence } from './read-narrative.js';
import { findSectionSubject, isLoneCommand, saysOtherUse } from './read-section-subject.js';
import { readFreshnessLines } from './read-freshness-lines.js';
import { readFieldColumns, readFieldName } from './read-field-columns.js';
import { readSystemdUnit, type UnitWorker } from './read-systemd-unit.js';
import { hasArrows, isMermaid, readArrowChains, readMermaid, type DiagramReading } from './read-diagram.js';
import { isBoxDiagram, readBoxDiagram } from './read-box-diagram.js';

/** A component being read from a heading or a lead, with the facts found so far. */
export interface Scope {
  name: RawValue;
  /** Heading depth that ends it; Infinity for a lead (it ends with its paragraph and list). */
  depth: number;
  values: Map<string, RawValue>;
  produced: RawValue[];
  block: number;
  /** Opened by a lone command block in a section about one component: it lasts to the next heading. */
  narrative?: boolean;
}

/** A sentence or bullet kept for the second pass, with the component it speaks about. */
export interface Statement {
  marked: string;
  place: Place;
  scope: Scope | null;
  kind: HeadingKind;
  /** The heading it stands under: a pronoun ("It reads ...") names the worker last named there. */
  heading?: string | null;
}

/** A diagram kept for the second pass. */
export interface Diagram {
  reading: DiagramReading;
  place: Place;
  mermaid: boolean;
  /** The map line of the diagram's first text line, where edge line 0 is (else the line below `place`). */
  bodyLine?: number;
  /** A box-and-arrow drawing: only edges between declared components or paths are read, the rest warned about by line. */
  unreadAt?: number[];
}

/** The state of the free-form reader across the blocks of one map. */
export interface FreeState {
  raw: RawMap;
  sink: MessageSink;
  kind: HeadingKind;
  scope: Scope | null;
  configPath: RawValue | null;
  requiredDefault: boolean | null;
  lastFields: RawConfigField[];
  statements: Statement[];
  diagrams: Diagram[];
  /** Paragraphs that may say which way arrows point. */
  legends: string[];
  block: number;
  /** The previous block was a lead paragraph whose list belongs to it. */
  leadOpen: boolean;
  /** Fields shown in example config blocks: they fill in or add to the fields the map describes. */
  exampleFields: RawConfigField[];
  /** The name the last paragraph led with (`\`sync\` is a job that runs...`), for a block after it. */
  lastLead: string | null;
  /** The text of the last heading, for a narrative paragraph that names its component only there. */
  heading: string | null;
  /** The one config the last paragraph named (`The profile lives in \`podcast.yaml\`:`), for a field table right after it. */
  mentionedConfig: RawValue | null;
  /** A field's name standing alone (a definition term, `**▸ shards**`), described by the block after it. */
  pendingField: RawValue | null;
  /** Workers declared by code blocks (Procfile, catalogue, crontab): a note leading with one is about it. */
  blockNames: Set<string>;
  /** The statements kept since the last code block or table: the text a lone command block stands under. */
  proseFrom: number;
}

/** A fresh state for one map. */
export function startFree(raw: RawMap, sink: MessageSink): FreeState {
  return { raw, sink, kind: null, scope: null, configPath: null, requiredDefault: null, lastFields: [], statements: [], diagrams: [], legends: [], block: 0, leadOpen: false, lastLead: null, exampleFields: [], heading: null, mentionedConfig: null, pendingField: null, blockNames: new Set(), proseFrom: 0 };
}

/** Opens a component scope for a heading that is a name (`### market_feed`). */
export function openHeadingScope(state: FreeState, name: string, place: Place, depth: number): void {
  closeScope(state);
  state.scope = { name: { text: name, place }, depth, values: new Map(), produced: [], block: state.block };
}

/** Ends the current scope: a name with a command is a worker, one without only adds facts. */
export function closeScope(state: FreeState, source?: RawComponent['source']): void {
  const scope = state.scope;
  state.scope = null;
  state.leadOpen = false;
  if (!scope) return;
  const values = new Map(scope.values);
  const command = values.get('command');
  const hasFacts = [...values.keys()].some((k) => k !== 'command') || scope.produced.length > 0;
  if (!command && !hasFacts) return;
  values.set('name', scope.name);
  const entry: RawComponent = { place: scope.name.place, values, partial: !command, block: scope.block, ...(source ? { source } : {}) };
  state.raw.workers.push(entry);
}

/** Reads one block in free form; `exactKind` is the README section it stands in, if any. */
export function readFreeBlock(state: FreeState, block: Exclude<Block, { type: 'heading' }>): void {
  state.block++;
  if (state.kind === 'prose') return;
  const mentioned = state.mentionedConfig;
  const pending = state.pendingField;
  state.mentionedConfig = null;
  state.pendingField = null;
  if (pending && block.type !== 'table' && block.type !== 'code' && readPendingField(state, pending, block)) return;
  if (block.type === 'paragraph') {
    const scope = state.scope;
    const keyed = block.lines !== undefined && scope !== null && readScopeBlock(state, scope, block.lines, block.place);
    if (!keyed && (block.lines === undefined || !readRegisterText(state, block.lines, block.place.line))) readParagraph(state, block);
  }
  else if (block.type === 'list') {
    if (state.scope && (state.leadOpen || state.scope.depth !== Infinity)) {
      for (const item of block.items) readScopeItem(state, state.scope, item);
    } else {
      closeScope(state);
      readLooseList(state, block.items);
    }
    if (state.scope?.depth === Infinity) closeScope(state);
  } else if (block.type === 'table') {
    state.mentionedConfig = mentioned;
    readFreeTable(state, block.rows);
    state.mentionedConfig = null;
  } else readCode(state, block.lang, block.value, block.place, block.bodyLine);
  if (block.type === 'code' || block.type === 'table') state.proseFrom = state.statements.length;
  if (block.type !== 'paragraph' && state.scope?.depth === Infinity) closeScope(state);
}

function readParagraph(state: FreeState, block: { text: string; marked: string; place: Place }): void {
  if (state.scope?.depth === Infinity) closeScope(state);
  const { marked, place } = block;
  const led = leadOf(marked)?.name;
  if (state.scope?.narrative && led !== undefined && led !== state.scope.name.text && isNameLike(led) && !isPathLike(led)) closeScope(state);
  if (/[→⟶]|-->|->/.test(marked) && /depends on|data flow|data flows|follow the data|consumes/i.test(marked)) state.legends.push(marked);
  readInlineArrows(state, marked, place);
  if (state.kind === 'external') {
    addExternals(state, [...boldSpans(marked), ...codeSpans(marked)], place);
    return;
  }
  const required = /^\**(required|mandatory)\b[^.]*\**:?\s*$/i.test(marked.trim()) ? true : /^\**optional\b[^.]*\**:?\s*$/i.test(marked.trim()) ? false : null;
  if (required !== null) {
    state.requiredDefault = required;
    return;
  }
  if (/\b(all|both|every|these)\b[^.]*\b(keys|fields|settings|variables|options)\b[^.]*\boptional\b/i.test(marked)) {
    for (const field of state.lastFields) if (!field.values.has('required')) field.values.set('required', { text: 'no', place });
  }
  // In a configs section a title line may name the file in plain text (`4.1  aggregate.env (read by x)`).
  const titled = state.kind === 'configs' ? plainOf(marked).replace(/^\s*\d+(?:\.\d+)*[.)]?\s+/, '').split(/\s+/)[0] : undefined;
  const config = codeSpans(marked).filter(isConfigPath).pop() ?? (titled && isConfigPath(titled) ? titled : undefined);
  if (config && (state.kind === 'configs' || saysConfig(marked))) {
    state.configPath = { text: config, place };
    state.requiredDefault = null;
  }
  if (!state.scope && readBlockNote(state, marked, place, [])) return;
  const lead = leadOf(marked);
  // A field name standing alone in a configs section (`**▸ reorder_threshold**`): its description follows.
  if (lead && lead.rest === '' && state.kind === 'configs' && state.configPath && isNameLike(lead.name) && !isPathLike(lead.name)) {
    state.pendingField = { text: lead.name, place };
    return;
  }
  const mentioned = [...new Set(codeSpans(marked).filter(isConfigPath))];
  if (mentioned.length === 1 && mentioned[0] !== undefined) state.mentionedConfig = { text: mentioned[0], place };
  state.lastLead = lead && isNameLike(lead.name) ? lead.name : null;
  if (lead && isNameLike(lead.name) && !state.scope && state.kind !== 'files' && state.kind !== 'configs') {
    state.scope = { name: { text: lead.name, place }, depth: Infinity, values: new Map(), produced: [], block: state.block };
    state.leadOpen = true;
    mineText(state, state.scope, lead.rest, place);
    return;
  }
  // A narrative paragraph that says how a component starts opens it until the next heading.
  const narrated = !state.scope && state.kind !== 'files' && state.kind !== 'configs' ? introducedWorker(state, marked, place) : null;
  if (narrated) state.scope = { name: { text: narrated, place }, depth: 6, values: new Map(), produced: [], block: state.block };
  mineText(state, state.scope, marked, place);
}

// The worker a paragraph, bullet or cell introduces by how it starts. A plain noun with a start
// command alone ("the team runs `make deploy`") is not enough: the text must also name a file, a
// port, a lock or a schedule of it (a name written in code is enough by itself).
function introducedWorker(state: FreeState, marked: string, place: Place): string | null {
  const found = findNarrativeWorker(marked, state.heading);
  if (!found) return null;
  if (found.spelled || hasComponentEvidence(marked)) return found.name;
  state.sink.warning('not-a-worker', `\`${found.name}\` is introduced with a start command here, but the paragraph names no file, port, lock or schedule of it; it is not read as a worker`, place);
  return null;
}

// A sentence presents a config file when it says so; `file` alone counts only when nothing writes it.
function saysConfig(marked: string): boolean {
  if (/\b(settings|config|configuration|keys|thresholds|parameters|options|tunables|knobs)\b/i.test(marked)) return true;
  return /\bfile\b/i.test(marked) && !/\b(writes?|rewrites?|keeps|produces|emits|appends|touches|generates|renders|dumps|outputs|updates)\b/i.test(marked);
}

/** Reads bullets a README-form list left unread as prose about the open heading's component. */
export function readLeftoverItems(state: FreeState, items: BlockListItem[]): void {
  const scope = state.scope;
  if (!scope || scope.depth === Infinity) return;
  for (const item of items) readScopeItem(state, scope, item);
}

// A chain written in a sentence: `a` → `b` → `c` (at least two arrows, every end a name or path).
function readInlineArrows(state: FreeState, marked: string, place: Place): void {
  for (const chain of plainOf(marked).match(/(?<![\w./-])[\w./-]+(?:\s*(?:→|⟶|->|-->)\s*[\w./-]+){2,}/g) ?? []) {
    const reading = readArrowChains(chain);
    if (reading.edges.length > 0 && reading.unreadLines === 0) state.diagrams.push({ reading: { ...reading, edges: reading.edges.map((e) => ({ ...e, line: -1 })) }, place, mermaid: false });
  }
}

// A bullet or sentence inside a component: `key: value`, or prose with a command, port, files.
function readScopeItem(state: FreeState, scope: Scope, item: BlockListItem): void {
  const marked = item.marked ?? item.text;
  const keyed = /^\s*\**([A-Za-z][\w /-]{0,30}?)\**\s*:\s*(.+)$/.exec(marked);
  const key = keyed?.[1] ? (canonicalKey('workers', keyed[1]) as string | null) : null;
  if (keyed?.[2] && key && key !== 'ignored' && key !== 'name') setScopeValue(state, scope, key, { text: plainOf(keyed[2]).trim(), place: item.place, marked: keyed[2] });
  else if (state.configPath && leadOf(marked) && looksLikeFieldText(leadOf(marked)?.rest ?? '')) readFieldItem(state, item);
  else mineText(state, scope, marked, item.place);
  for (const child of item.children) readScopeItem(state, scope, child);
}

const PATH_OR_TARGET_KEYS = new Set(['health', 'pidfile', 'lock', 'cwd', 'envFile', 'user', 'stopSignal']);

/** Files one `key: value` into a scope, reading references and durations out of prose values. */
export function setScopeValue(state: FreeState, scope: Scope, key: string, value: RawValue): void {
  const marked = value.marked ?? value.text;
  const name = scope.name;
  if (key === 'produces' || key === 'dependsOn') {
    const refs = referencesIn(state, value);
    if (key === 'produces') {
      state.raw.outputs.push({ from: name, to: refs, soft: true });
      scope.produced.push(...refs);
      const fresh = findFreshness(marked);
      if (fresh && refs.length > 0) state.raw.freshness.push({ file: refs[refs.length - 1] ?? null, worker: name, value: { text: fresh, place: value.place } });
    } else state.raw.dependencies.push({ from: name, to: refs, soft: true });
    return;
  }
  if (key === 'freshness') {
    // Under a freshness key any duration is the limit, a cadence too ("must be updated every 2 minutes").
    const fresh = findFreshness(marked, true) ?? findDurations(plainOf(marked))[0]?.text ?? null;
    const file = codeSpans(marked).find(isPathLike) ?? plainOf(marked).split(/\s+/).find(isPathLike);
    if (fresh) state.raw.freshness.push({ file: file ? { text: file, place: value.place } : null, worker: name, value: { text: fresh, place: value.place } });
    return;
  }
  if (key === 'port') {
    const port = findPort(value.text);
    if (port !== null) scope.values.set('port', { text: String(port), place: value.place });
    // `3000 (health: /healthz)`: a health path beside the port is an HTTP check on it.
    const health = /\bhealth(?:\s*check)?\s*:\s*`?([^`\s)]+)/i.exec(marked)?.[1];
    if (health && port !== null && !scope.values.has('health')) {
      scope.values.set('health', { text: health.startsWith('/') ? `http://127.0.0.1:${port}${health}` : health, place: value.place });
    }
    return;
  }
  if (key === 'health' && readSupervisionCell(state, scope, marked, value.place)) return;
  // `Runs: \`python x.py\`` names the command, not a schedule: the value's shape decides.
  const command = codeSpans(marked)[0];
  if (key === 'schedule' && !findSchedule(marked) && command !== undefined && isCommandLike(command)) return setScopeValue(state, scope, 'command', value);
  if (key === 'command' || PATH_OR_TARGET_KEYS.has(key)) {
    // A code span is the value; prose around it ("(returns 200)") is not.
    const text = codeSpans(marked)[0] ?? splitTrailingAside(value.text, true).text.trim();
    // Two columns read as the command (`Start command`, `Run files`): the one that looks like a command wins.
    const kept = key === 'command' ? scope.values.get('command')?.text : undefined;
    if (kept !== undefined && isCommandLike(kept) && !isCommandLike(text)) return;
    if (key === 'command' || !scope.values.has(key)) scope.values.set(key, { text, place: value.place });
    // A schedule beside the command (`\`python digest.py\` (Sundays 20:00)`) makes it a job.
    const schedule = key === 'command' && codeSpans(marked).length > 0 ? findSchedule(marked.replace(/`[^`]*`/g, ' ')) : null;
    if (schedule && !scope.values.has('schedule')) {
      scope.values.set('schedule', { text: schedule, place: value.place });
      if (!scope.values.has('type')) scope.values.set('type', { text: 'job', place: value.place });
    }
    return;
  }
  // A Kind cell often carries the schedule too: `scheduled job, every 4 hours`.
  if (key === 'type' && !scope.values.has('schedule') && saysJob(marked)) {
    const schedule = findSchedule(marked);
    if (schedule) scope.values.set('schedule', { text: schedule, place: value.place });
  }
  // A key written out wins over what prose around the component suggested.
  scope.values.set(key, value);
}

// A mixed "Health / supervision" cell says how a component is watched: a pidfile, a cron line or a
// file's age are not health checks. True when the cell was one of those (filed where it belongs).
function readSupervisionCell(state: FreeState, scope: Scope, marked: string, place: Place): boolean {
  const span = codeSpans(marked)[0] ?? plainOf(marked).trim();
  if (/\bpid ?file\b/i.test(marked) || /\.pid$/.test(span)) {
    if (!scope.values.has('pidfile') && isPathLike(span)) scope.values.set('pidfile', { text: span, place });
    return true;
  }
  const schedule = findSchedule(marked);
  if (/\bcron\b/i.test(marked) && schedule) {
    if (!scope.values.has('schedule')) scope.values.set('schedule', { text: schedule, place });
    return true;
  }
  return isPathLike(span) && !isCommandLike(span);
}

// The references a value names: its code spans, or the parts of a plain list that read as names.
function referencesIn(state: FreeState, value: RawValue): RawValue[] {
  const marked = value.marked ?? value.text;
  const spans = codeSpans(marked).flatMap((s) => s.split(',').map((part) => part.trim())).map((s) => s.split(/\s+/)[0] ?? '').filter((s) => isPathLike(s) || isNameLike(s) || findDirectoryPath(s) !== null);
  const parts = spans.length > 0 ? spans : splitList(dropAsides(plainOf(marked)));
  const refs: RawValue[] = [];
  for (const part of parts) {
    const text = part.replace(/[.,;:]$/, '').trim();
    // `the data/exports folder`, `files in data/exports/`: the folder's path, not prose.
    const folder = isPathLike(text) || isNameLike(text) ? null : findDirectoryPath(text);
    if (folder !== null) refs.push({ text: folder, place: value.place });
    else if (isPathLike(text) || isNameLike(text)) refs.push({ text, place: value.place });
    else if (text !== '' && !isEmptyValue(text)) state.sink.warning('prose-reference', `Read \`${text}\` as prose, not as a component; name a worker, file or config to make it a dependency`, value.place);
  }
  return refs;
}

// Prose in a component: its command, port, and sentences for the second pass.
function mineText(state: FreeState, scope: Scope | null, marked: string, place: Place): void {
  if (scope) mineScopeValues(scope, marked, place);
  if (/\b(outside|external|not run by us|not us|we do not (run|operate|control|own)|we don't own|run by the|runs? it|owned by|third[- ]party)\b/i.test(marked)) {
    addExternals(state, boldSpans(marked).filter((b) => !isPathLike(b)), place);
  }
  state.statements.push({ marked, place, scope, kind: state.kind, heading: state.heading });
}

// The facts a sentence states about the component it stands in: command, port, locks, job, health.
function mineScopeValues(scope: Scope, marked: string, place: Place): void {
  {
    const command = findCommand(marked);
    // A probe (`pg_isready -p 5434`, `curl …/healthz`) checks a component; it never starts one.
    if (command && !isProbe(command) && !scope.values.has('command')) scope.values.set('command', { text: command, place, guessed: true });
    const port = /\b(port|listens|binds|:\d{2,5})/i.test(marked) ? findPort(marked.replace(/`[^`]*`/g, (s) => (/--port|:\d/.test(s) ? s : ''))) : null;
    if (port !== null && !scope.values.has('port')) scope.values.set('port', { text: String(port), place });
    for (const [key, path] of findLockPaths(marked)) if (!scope.values.has(key)) scope.values.set(key, { text: path, place });
    // "an hourly job, started as ...", "runs nightly at 01:30 from cron": a job and its schedule.
    if (saysJob(marked) && !scope.values.has('type')) {
      scope.values.set('type', { text: 'job', place });
      const schedule = findSchedule(marked);
      if (schedule && !scope.values.has('schedule')) scope.values.set('schedule', { text: schedule, place });
    } else if (scope.values.get('type')?.text === 'job' && !scope.values.has('schedule')) {
      const schedule = findSchedule(marked);
      if (schedule) scope.values.set('schedule', { text: schedule, place });
    }
    // "The health endpoint is `http://...`", "health check: `redis-cli ping`".
    // "Health SHALL be checked with `pg_isready`", "its health is checked by running `x --ping`".
    const health = /\bhealth[\w -]{0,40}?\b(?:is|at|:|with|via|using|by running|by calling)(?:\s+the\s+(?:command|url|endpoint))?\s*`([^`]+)`/i.exec(marked)?.[1];
    if (health && !scope.values.has('health') && (/^https?:\/\//.test(health) || isCommandLike(health))) scope.values.set('health', { text: health, place });
    // Whatever the words, a code span fetching a URL on this machine (`curl -f http://127.0.0.1:3000/up`) is a health check.
    const probe = codeSpans(marked).find((span) => isLoopbackProbe(span) && !/^https?:/.test(span)) ?? codeSpans(marked).find(isLoopbackProbe);
    if (probe && !scope.values.has('health') && !splitSentences(marked).some((s) => s.includes(probe) && /\b(not|never|don't|n't)\b/i.test(s))) scope.values.set('health', { text: probe, place });
    // "A note on health checks: do **not** probe `https://x/` ... we check `http://y/` instead."
    if (!scope.values.has('health') && /\bhealth\b/i.test(marked)) {
      const url = splitSentences(marked).filter((s) => !/\b(not|never|don't|n't)\b/i.test(s)).flatMap(codeSpans).find((s) => /^https?:\/\/\S+$/.test(s));
      if (url) scope.values.set('health', { text: url, place });
    }
  }
}

// A lone command block in a section about one component whose heading does not name it (see
// read-section-subject.ts): the command of the component the section's lead or text names, which
// the rest of the section, before the block and after it, then speaks about. True when it was one.
function openSectionSubject(state: FreeState, command: string | null, place: Place): boolean {
  if (command === null || !isLoneCommand(command) || isProbe(command) || state.kind === 'files' || state.kind === 'configs' || state.kind === 'external') return false;
  const scope = state.scope;
  if (scope && (scope.depth !== Infinity || scope.values.has('command'))) return false;
  const section: Statement[] = [];
  for (let i = state.statements.length - 1; i >= state.proseFrom; i--) {
    const statement = state.statements[i];
    if (!statement || statement.heading !== state.heading || (statement.scope !== null && statement.scope !== scope)) break;
    section.unshift(statement);
  }
  const above = section[section.length - 1];
  if (above && saysOtherUse(above.marked)) return false;
  const declared = new Set(state.raw.workers.filter((w) => w.values.has('command')).map((w) => w.values.get('name')?.text ?? ''));
  const name = scope?.name.text ?? findSectionSubject(section.map((s) => s.marked), declared);
  if (name === null) return false;
  const subject: Scope = scope ?? { name: { text: name, place: section[0]?.place ?? place }, depth: 6, values: new Map(), produced: [], block: state.block };
  subject.depth = 6;
  subject.narrative = true;
  subject.values.set('command', { text: command, place });
  for (const statement of section) {
    if (statement.scope === subject) continue;
    statement.scope = subject;
    mineScopeValues(subject, statement.marked, statement.place);
  }
  state.scope = subject;
  state.leadOpen = false;
  return true;
}

function addExternals(state: FreeState, names: string[], place: Place): void {
  for (const name of names) if (name.trim() !== '' && name.length < 60) state.raw.externals.push({ text: name.trim(), place });
}

// A list outside any component: leads open components, field descriptions are config fields,
// `path — ...` bullets in a freshness section declare files, the rest are statements.
function readLooseList(state: FreeState, items: BlockListItem[]): void {
  for (const item of items) {
    const marked = item.marked ?? item.text;
    if (readBlockNote(state, marked, item.place, item.children)) continue;
    const lead = leadOf(marked);
    if (state.kind === 'external') {
      addExternals(state, [lead?.name ?? boldSpans(marked)[0] ?? ''], item.place);
      continue;
    }
    if (lead && state.configPath && looksLikeFieldText(lead.rest) && !isPathLike(lead.name)) {
      readFieldItem(state, item);
      continue;
    }
    if (lead && isPathLike(lead.name) && (state.kind === 'files' || findFreshness(lead.rest) !== null)) {
      readFileItem(state, lead.name, lead.rest, item.place);
      continue;
    }
    if (lead && isNameLike(lead.name) && state.kind !== 'dependencies' && (findCommand(lead.rest) || item.children.length > 0)) {
      state.scope = { name: { text: lead.name, place: item.place }, depth: Infinity, values: new Map(), produced: [], block: state.block };
      mineText(state, state.scope, lead.rest, item.place);
      for (const child of item.children) readScopeItem(state, state.scope, child);
      closeScope(state);
      continue;
    }
    // "R1. The `exporter` SHALL be started as `python export.py`": a requirement bullet introducing a worker.
    const introduced = state.kind !== 'dependencies' ? introducedWorker(state, marked, item.place) : null;
    if (introduced) {
      state.scope = { name: { text: introduced, place: item.place }, depth: Infinity, values: new Map(), produced: [], block: state.block };
      mineText(state, state.scope, marked, item.place);
      closeScope(state);
    } else mineText(state, null, marked, item.place);
    for (const child of item.children) mineText(state, null, child.marked ?? child.text, child.place);
  }
}

// The description under a field name standing alone: a paragraph or a list of its properties
// (`- integer, required`, `- default 12`, `- must be between 0 and 1000`). False when it is none.
function readPendingField(state: FreeState, name: RawValue, block: Exclude<Block, { type: 'heading' }>): boolean {
  const items = block.type === 'list' ? block.items.flatMap((item) => [item, ...item.children]) : [];
  const text = block.type === 'paragraph' ? block.marked : items.map((item) => item.marked ?? item.text).join('; ');
  if (!state.configPath || !looksLikeFieldText(text)) return false;
  const field: RawConfigField = { configPath: state.configPath, name: { text: readFieldName(name.text), place: name.place }, values: readFieldText(text, block.place, state.requiredDefault) };
  state.raw.configFields.push(field);
  state.lastFields.push(field);
  return true;
}

function readFieldItem(state: FreeState, item: BlockListItem): void {
  const marked = item.marked ?? item.text;
  const lead = leadOf(marked);
  if (!lead || !state.configPath) return;
  const values = readFieldText(lead.rest, item.place, state.requiredDefault);
  const field: RawConfigField = { configPath: state.configPath, name: { text: lead.name, place: item.place }, values };
  state.raw.configFields.push(field);
  state.lastFields.push(field);
}

// `data/x.ndjson` — updated every 10 seconds by gateway; stale after 60 seconds.
function readFileItem(state: FreeState, path: string, rest: string, place: Place): void {
  const values = new Map<string, RawValue>([['path', { text: path, place }]]);
  const by = /\b(?:written|produced|touched|updated|generated|created|appended|emitted|owned)\b[^.;]{0,120}?\bby\s+(?:the\s+)?\**`?([\w.-]+)`?/i.exec(plainOf(rest).replace(/\*\*/g, ''));
  if (by?.[1]) values.set('producer', { text: by[1], place });
  const fresh = findFreshness(rest, state.kind === 'files');
  if (fresh) values.set('freshness', { text: fresh, place });
  state.raw.files.push({ place, values, block: state.block, partial: true });
}

// A table read by its columns, wherever it stands.
function readFreeTable(state: FreeState, rows: PlacedText[][]): void {
  const [header, ...body] = rows;
  if (!header || body.length === 0) return;
  if (state.kind === 'external') {
    for (const row of body) addExternals(state, [row[0]?.text ?? ''], row[0]?.place ?? header[0]?.place ?? { line: 1, column: 1 });
    return;
  }
  const worker = header.map((c) => columnKey('workers', c.text));
  // Without a name column, the first column names the component ("Job | Schedule | Command").
  if (!worker.includes('name') && worker.includes('command') && worker[0] !== 'command') worker[0] = 'name';
  const file = header.map((c) => columnKey('files', c.text));
  const config = readFieldColumns(header, body, header.map((c) => columnKey('configs', c.text)));
  const place = header[0]?.place ?? { line: 1, column: 1 };
  // A header that reads as fields and as workers (`Name | Type | Command`) is decided by its rows.
  const fields = config.includes('field') && config.some((k) => k === 'type' || k === 'default' || k === 'range' || k === 'required');
  if (fields && !(worker.includes('name') && isWorkerRegister(body, config, worker))) {
    readFieldTable(state, config, header, body, place);
  } else if (state.scope && header.length === 2) {
    for (const row of rows) readKeyValueRow(state, state.scope, row);
  } else if (worker.includes('name') && worker.some((k) => k && k !== 'name' && k !== 'ignored') && (state.kind !== 'files' || worker.includes('command'))) {
    readWorkerTable(state, header, worker, body);
  } else if (file.includes('path') && file.some((k) => k === 'producer' || k === 'freshness')) {
    readFileTable(state, header, file, body);
  } else if (header.length === 2 && readKeyValueFile(state, body)) {
    // One file described row by row.
  } else if (header.length === 2 && /^(key|property|field|attribute|name)$/i.test(header[0]?.text ?? '')) {
    state.sink.warning('table-not-read', `This Key | Value table is not under a component heading, so it is not read as one; put it under a heading naming the component`, place);
  } else if (isLegendTable(body)) {
    // A diagram's legend as a table (`solid arrow a --> b | data flows from a into b`) says which way arrows point.
    for (const row of body) state.legends.push(row.map((c) => c.marked ?? c.text).join(' '));
  } else if (readProseCells(state, body)) {
    // A table of requirements or notes: its sentences were read like a list of bullets.
  } else if (state.kind !== null) {
    state.sink.warning('table-not-read', `Expected columns naming components (Worker/Service, File/Path or Field) in this table, got ${header.map((c) => `\`${c.text}\``).join(', ')}; the table is not read`, place);
  }
}

// A Key | Value table about one file (`File | \`raw/passes.jsonl\``, `Producer | downlink`, `Limit | 100 min`),
// wherever it stands: read as that file's row of a Files table. False when no row gives a path.
function readKeyValueFile(state: FreeState, body: PlacedText[][]): boolean {
  const pairs = body.filter((row): row is [PlacedText, PlacedText] => row.length === 2 && row[0] !== undefined && row[1] !== undefined);
  const keys = pairs.map(([key]) => columnKey('files', key.text));
  const path = pairs[keys.indexOf('path')]?.[1];
  if (!path || !isPathLike(path.text.trim())) return false;
  // Whatever its key says (`Limit`, `Target`), a value that is a duration is the file's freshness.
  const duration = pairs.findIndex(([, value], i) => keys[i] === null && findDurations(value.text.trim())[0]?.index === 0);
  if (duration >= 0 && !keys.includes('freshness')) keys[duration] = 'freshness';
  readFileTable(state, pairs.map(([key]) => key), keys, [pairs.map(([, value]) => value)]);
  return true;
}

// Cells that are sentences (`The \`loader\` SHALL read \`out/x.csv\`.`) are read like bullets; true when
// some cell introduced a worker or stated a fact about one (the table is then not warned about).
function readProseCells(state: FreeState, body: PlacedText[][]): boolean {
  const cells = body.flat().filter((cell) => /\s\S+\s/.test(cell.text) && /`[^`]+`/.test(cell.marked ?? ''));
  if (cells.length === 0) return false;
  const before = state.raw.workers.length + state.statements.length;
  readLooseList(state, cells.map((cell) => ({ ...cell, children: [] })));
  return state.raw.workers.length + state.statements.length > before;
}

function isLegendTable(body: PlacedText[][]): boolean {
  return body.some((row) => {
    const text = row.map((c) => c.text).join(' ');
    return /[→⟶]|-->|->/.test(text) && /depends on|data flows?|follow the data|reads what/i.test(text);
  });
}

function readKeyValueRow(state: FreeState, scope: Scope, row: PlacedText[]): void {
  const [keyCell, valueCell] = row;
  if (!keyCell || !valueCell || keyCell.text.trim() === '') return;
  const key = canonicalKey('workers', keyCell.text) as string | null;
  if (key === null) {
    if (!/^(key|property|field|attribute|value|name)$/i.test(keyCell.text)) state.sink.warning('unknown-key', `Unknown worker key \`${keyCell.text}\`; it is ignored`, keyCell.place);
    return;
  }
  if (key !== 'ignored' && key !== 'name' && !isEmptyValue(valueCell.text)) setScopeValue(state, scope, key, valueCell);
}

function readWorkerTable(state: FreeState, header: PlacedText[], keys: (string | null)[], body: PlacedText[][]): void {
  const hasCommand = keys.includes('command');
  header.forEach((cell, i) => {
    if (keys[i] === null && cell.text !== '') state.sink.warning('unknown-key', `Unknown worker column \`${cell.text}\`; it is ignored`, cell.place);
  });
  for (const row of body) {
    const nameCell = row[keys.indexOf('name')];
    const name = nameCell ? cleanName(nameCell.text) : '';
    if (!nameCell || name === '') continue;
    const scope: Scope = { name: { text: name, place: row[0]?.place ?? nameCell.place }, depth: Infinity, values: new Map(), produced: [], block: state.block };
    // `sitemap` (job, every 12 hours): the aside beside a name says what it is.
    const aside = splitTrailingAside(nameCell.text).aside;
    if (aside && saysJob(`(${aside}`)) {
      scope.values.set('type', { text: 'job', place: nameCell.place });
      const schedule = findSchedule(aside);
      if (schedule) scope.values.set('schedule', { text: schedule, place: nameCell.place });
    }
    row.forEach((cell, i) => {
      const key = keys[i];
      if (key && key !== 'name' && key !== 'ignored' && !isEmptyValue(cell.text)) setScopeValue(state, scope, key, cell);
    });
    if (!hasCommand) scope.values.delete('command');
    // A pidfile or lock path stated in any cell (`long-running daemon, pidfile \`run/d.pid\``) is the worker's, whatever the column.
    for (const cell of row) {
      for (const [key, path] of findLockPaths(cell.marked ?? cell.text)) if (!scope.values.has(key)) scope.values.set(key, { text: path, place: cell.place });
    }
    state.raw.workers.push({ place: scope.name.place, values: new Map([...scope.values, ['name', scope.name]]), partial: !scope.values.has('command'), block: state.block, source: 'table' });
  }
}

function readFileTable(state: FreeState, header: PlacedText[], keys: (string | null)[], body: PlacedText[][]): void {
  const seen = new Set<string>();
  const units = header.map((c) => /\((s|sec|secs|seconds|m|min|mins|minutes|h|hours)\)/i.exec(c.text)?.[1] ?? null);
  keys.forEach((key, i) => {
    if (key === null && header[i]?.text) state.sink.warning('unknown-key', `Unknown file column \`${header[i]?.text}\`; it is ignored`, header[i]?.place ?? { line: 1, column: 1 });
  });
  for (const row of body) {
    const values = new Map<string, RawValue>();
    row.forEach((cell, i) => {
      const key = keys[i];
      if (!key || key === 'ignored' || isEmptyValue(cell.text)) return;
      if (key === 'freshness') {
        if (values.has('freshness')) return;
        const unit = units[i];
        const text = unit && /^\d+(\.\d+)?$/.test(cell.text.trim()) ? `${cell.text.trim()} ${unit}` : (findFreshness(cell.text, true) ?? findDurations(cell.text)[0]?.text ?? cell.text);
        values.set(key, { text, place: cell.place });
      } else if (key === 'path') {
        const path = cleanName(cell.text);
        values.set(key, { text: isPathLike(path) ? path : (findDirectoryPath(cell.marked ?? cell.text) ?? path), place: cell.place });
      } else if (key === 'producer') {
        values.set(key, { text: cleanName(cell.text), place: cell.place });
      } else values.set(key, cell);
    });
    const path = values.get('path');
    if (!path || seen.has(path.text)) continue;
    seen.add(path.text);
    state.raw.files.push({ place: row[0]?.place ?? path.place, values, block: state.block, partial: true });
  }
}

function readFieldTable(state: FreeState, keys: (string | null)[], header: PlacedText[], body: PlacedText[][], place: Place): void {
  state.lastFields = [];
  // Separate Min and Max columns make one range.
  const bound = header.map((c) => (/^(min|minimum|lower|lower bound)$/i.test(c.text.trim()) ? 'min' : /^(max|maximum|upper|upper bound)$/i.test(c.text.trim()) ? 'max' : null));
  for (const row of body) {
    const values = new Map<string, RawValue>();
    const range: { min?: PlacedText; max?: PlacedText } = {};
    row.forEach((cell, i) => {
      const key = keys[i];
      const side = bound[i];
      if (side) {
        if (!isEmptyValue(cell.text)) range[side] = cell;
      } else if (key === 'required' && /^[—–-]$/.test(cell.text.trim())) {
        // A dash in a Required column is "no" (in other columns it means "nothing").
        values.set(key, { text: 'no', place: cell.place });
      } else if (key === 'range' && !isEmptyValue(cleanCell(cell.text)) && !/^[—–-]$/.test(cell.text.trim())) {
        // A range cell states its bounds among words and units (`-30 – 0 (LUFS)`, `min 5`).
        values.set(key, { text: findRange(cell.text) ?? cleanCell(cell.text), place: cell.place });
      } else if (key && key !== 'ignored') values.set(key, { text: cleanCell(cell.text), place: cell.place });
    });
    // A Notes column often states what no column does: `**required**. must be 32–320`.
    row.forEach((cell, i) => {
      if (keys[i] !== 'ignored') return;
      const noted = readFieldText(cell.text, cell.place, null);
      for (const key of ['range', 'required']) {
        const value = noted.get(key);
        if (value && !values.has(key)) values.set(key, value);
      }
    });
    const at = range.min ?? range.max;
    if (at) values.set('range', { text: `${range.min?.text.trim() ?? ''}..${range.max?.text.trim() ?? ''}`, place: at.place });
    const name = values.get('field');
    const configPath = values.get('path') ?? state.mentionedConfig ?? state.configPath;
    if (!name || name.text === '') continue;
    if (!configPath) {
      state.sink.warning('table-not-read', `Expected a config path for field \`${name.text}\` (a heading or sentence naming the config file); the row is not read`, place);
      continue;
    }
    const section = values.get('section')?.text ?? null;
    values.delete('path');
    values.delete('field');
    values.delete('section');
    const field: RawConfigField = { configPath, name: { text: readFieldName(name.text, section), place: name.place }, values };
    state.raw.configFields.push(field);
    state.lastFields.push(field);
  }
}

/** A name cell as people write it: `` `sitemap` (job, every 12 hours) `` is `sitemap`. */
export function cleanName(text: string): string {
  return splitTrailingAside(text).text.replace(/`/g, '').trim();
}

function cleanCell(text: string): string {
  return text.replace(/(?<!\s)\s*\((?:optional|required)\)\s*$/i, '').replace(/`/g, '').trim();
}

// Code blocks: Procfile, supervisord, compose-like YAML, JSON Schema, diagrams.
function readCode(state: FreeState, lang: string, value: string, place: Place, bodyLine: number): void {
  if (openSectionSubject(state, loneLineOf(lang, value), place)) return;
  const line = state.scope ? commandBlockOf(lang, value) ?? loopbackBlockOf(lang, value) : null;
  // A block under a component that fetches a URL on this machine is its health check, not how it starts.
  if (state.scope && line && isLoopbackProbe(line)) {
    if (!state.scope.values.has('health')) state.scope.values.set('health', { text: line, place });
    return;
  }
  const command = state.scope && !state.scope.values.has('command') ? line : null;
  if (state.scope && command) {
    state.scope.values.set('command', { text: command, place });
    return;
  }
  // A box-and-arrow drawing, before its borders are taken for a ruled table.
  if (['', 'text', 'txt', 'plain', 'ascii', 'diagram', 'svgbob', 'none'].includes(lang) && isBoxDiagram(value)) {
    const { unreadAt, ...reading } = readBoxDiagram(value);
    state.diagrams.push({ reading, place, mermaid: false, bodyLine, unreadAt });
    return;
  }
  if (['', 'text', 'txt', 'plain'].includes(lang)) {
    const rows = readRuledTable(value, (line, column) => ({ line: bodyLine + line, column }));
    if (rows) {
      readFreeTable(state, rows);
      return;
    }
    if (readRegisterText(state, value, bodyLine)) return;
  }
  // A YAML/JSON/TOML catalogue of components (not in a config's own section: that is its contents).
  const catalogue = state.kind === 'configs' ? null : readCatalogue(lang, value);
  if (catalogue) {
    fileCatalogue(state, catalogue, bodyLine);
    if (catalogue.entries.length > 0) return;
  }
  // `cmd: ...` / `writes: ...` lines right under a component's heading are that component's keys.
  if (state.scope && readScopeBlock(state, state.scope, value, { line: bodyLine, column: 1 })) return;
  const unit = readSystemdUnit(lang, value);
  if (unit) {
    fileUnit(state, unit, place);
    return;
  }
  const limits = ['', 'text', 'txt', 'plain'].includes(lang) ? readFreshnessLines(value) : null;
  if (limits) {
    for (const limit of limits) {
      const at: Place = { line: bodyLine + limit.line, column: 1 };
      state.raw.files.push({ place: at, values: new Map([['path', { text: limit.path, place: at }], ['freshness', { text: limit.freshness, place: at }]]), block: state.block, partial: true });
    }
    return;
  }
  const cron = readCrontab(lang, value, state.lastLead);
  const blockWorkers = readProcfile(lang, value) ?? readSupervisord(lang, value) ?? readHeadedColumns(lang, value) ?? readColumnsBlock(lang, value, isCommandLike) ?? cron;
  if (blockWorkers) {
    for (const worker of blockWorkers) fileBlockWorker(state, worker, bodyLine);
    return;
  }
  if (isMermaid(lang, value)) {
    state.diagrams.push({ reading: readMermaid(value), place, mermaid: true, bodyLine });
    return;
  }
  if (['json', 'jsonc', 'json5'].includes(lang) || /^\s*\{/.test(value)) {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = null;
    }
    if (isJsonSchema(parsed)) {
      const title = typeof parsed.title === 'string' && isConfigPath(parsed.title) ? parsed.title : null;
      const configPath = state.configPath ?? (title ? { text: title, place } : null);
      if (!configPath) {
        state.sink.warning('block-not-read', 'Expected a config path for this JSON Schema (a heading, a sentence or the schema title naming the file); it is not read', place);
        return;
      }
      state.raw.configs.push({ path: configPath, values: new Map(), schema: parsed });
      for (const field of readSchemaFields(parsed)) {
        state.raw.configFields.push({ configPath, name: { text: field.name, place }, values: new Map(field.keys.map(([k, v]) => [k, { text: v, place }])) });
      }
      return;
    }
  }
  const example = state.configPath ? readConfigExample(lang, value, state.configPath.text) : null;
  if (example && state.configPath) {
    for (const field of example) state.exampleFields.push({ configPath: state.configPath, name: { text: field.name, place }, values: new Map(field.keys.map(([k, v]) => [k, { text: v, place }])) });
    return;
  }
  if (hasArrows(value)) state.diagrams.push({ reading: readArrowChains(value), place, mermaid: false, bodyLine });
}

// Key/value lines under name lines (`3.1  collector` / `Start command ..... python x.py`): each entry
// is a component read like a heading with bullets. True when the text was such a register.
function readRegisterText(state: FreeState, text: string, firstLine: number): boolean {
  if (state.kind === 'prose' || state.kind === 'external' || state.kind === 'configs') return false;
  const isKey = (key: string): boolean => !['ignored', 'name', null].includes(canonicalKey('workers', key) as string | null);
  const entries = readRegister(text, isKey);
  if (entries.length === 0) {
    // Dot-leader lines are a register to whoever wrote them: never drop them silently.
    const leaders = text.split('\n').filter((line) => /\S\s*(?:\.{3,}|…)\s*\S/.test(line) && splitKeyValue(line) !== null).length;
    if (leaders >= 2) state.sink.warning('block-not-read', 'Expected a name line (`3.1  collector`) over these key/value lines and at least two known keys (Command, Output, Inputs, Port…); they are not read', { line: firstLine, column: 1 });
    return false;
  }
  closeScope(state);
  for (const entry of entries) {
    const at = (line: number): Place => ({ line: firstLine + line, column: 1 });
    state.scope = { name: { text: entry.name, place: at(entry.line) }, depth: Infinity, values: new Map(), produced: [], block: state.block };
    for (const pair of entry.pairs) {
      const key = canonicalKey('workers', pair.key) as string | null;
      if (key === null) state.sink.warning('unknown-key', `Unknown worker key \`${pair.key}\` in the register entry \`${entry.name}\`; it is ignored`, at(pair.line));
      else if (key !== 'ignored' && key !== 'name') setScopeValue(state, state.scope, key, { text: pair.value, place: at(pair.line) });
    }
    closeScope(state);
  }
  return true;
}

// A systemd unit: the component it names, else the one being described, else the name before it.
function fileUnit(state: FreeState, unit: UnitWorker, place: Place): void {
  const open = state.scope;
  // A component that already has a command is not what a second, unnamed unit describes.
  const fromScope = open && !open.values.has('command') ? open.name.text.replace(/\.service$/, '') : null;
  const named = unit.name ?? fromScope ?? (open ? null : state.lastLead);
  if (!named) {
    state.sink.warning('block-not-read', 'This systemd unit names no service (a `# name.service` line or a heading naming it); it is not read', place);
    return;
  }
  const reuse = open !== null && open.name.text.replace(/\.service$/, '') === named;
  if (!reuse) closeScope(state);
  const scope: Scope = reuse && open ? open : { name: { text: named, place }, depth: Infinity, values: new Map(), produced: [], block: state.block };
  if (reuse && open) open.name = { ...open.name, text: named };
  for (const [key, text] of unit.keys) setScopeValue(state, scope, key, { text, place });
  if (!reuse) {
    state.scope = scope;
    closeScope(state, 'block');
  }
}

// A shell-ish block of one command line under a component: how to start it (`$ ` prompt dropped).
function commandBlockOf(lang: string, value: string): string | null {
  if (!['', 'sh', 'bash', 'shell', 'console', 'zsh', 'text', 'terminal'].includes(lang.toLowerCase())) return null;
  const lines = value.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const [first] = lines;
  if (lines.length !== 1 || first === undefined) return null;
  const line = first.replace(/^\$\s+/, '');
  return isCommandLike(line) ? line : null;
}

// The one line of a shell or plain block, without its prompt, if it holds one line.
function loneLineOf(lang: string, value: string): string | null {
  if (!['', 'sh', 'bash', 'shell', 'console', 'zsh', 'text', 'terminal'].includes(lang.toLowerCase())) return null;
  const lines = value.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  return lines.length === 1 && lines[0] !== undefined ? lines[0].replace(/^\$\s+/, '') : null;
}

// A block of one loopback URL or one curl/wget of it.
function loopbackBlockOf(lang: string, value: string): string | null {
  const lines = value.split('\n').map((l) => l.trim().replace(/^\$\s+/, '')).filter((l) => l !== '' && !l.startsWith('#'));
  return lines.length === 1 && lines[0] !== undefined && isLoopbackProbe(lines[0]) ? lines[0] : null;
}

function fileBlockWorker(state: FreeState, worker: BlockWorker, bodyLine: number): void {
  const at: Place = { line: bodyLine + worker.line, column: 1 };
  const scope: Scope = { name: { text: worker.name, place: at }, depth: Infinity, values: new Map(), produced: [], block: state.block };
  for (const [keyText, value] of worker.keys) {
    const key = canonicalKey('workers', keyText) as string | null;
    if (key === null) state.sink.warning('unknown-key', `Unknown worker key \`${keyText}\`; it is ignored`, at);
    else if (key !== 'ignored' && key !== 'name') setScopeValue(state, scope, key, { text: value, place: at });
  }
  for (const output of worker.produces) {
    const file = { text: output.path, place: at };
    state.raw.outputs.push({ from: scope.name, to: [file], soft: true });
    if (output.freshness) state.raw.freshness.push({ file, worker: scope.name, value: { text: output.freshness, place: at } });
  }
  if (worker.reads.length > 0) state.raw.dependencies.push({ from: scope.name, to: worker.reads.map((text) => ({ text, place: at })), soft: true });
  state.blockNames.add(worker.name);
  // `web: node web.js  # writes out/x.json every 5 min`: the note is prose about that worker.
  if (worker.note) mineText(state, scope, worker.note.replace(/[^\s`]+/g, (word) => (isPathLike(word.replace(/[.,;:]$/, '')) ? `\`${word.replace(/[.,;:]$/, '')}\`${/[.,;:]$/.test(word) ? word.slice(-1) : ''}` : word)), at);
  state.raw.workers.push({ place: at, values: new Map([...scope.values, ['name', scope.name]]), partial: !scope.values.has('command'), block: state.block, source: 'block' });
}

// A catalogue block: each entry a worker (merged with what prose says of it), its outputs with
// their limits, what it needs, and the outside systems it names; what was not read is said.
function fileCatalogue(state: FreeState, reading: CatalogueReading, bodyLine: number): void {
  const at = (line: number): Place => ({ line: bodyLine + line, column: 1 });
  for (const unread of reading.unread) state.sink.warning('block-not-read', unread.message, at(unread.line));
  for (const external of reading.externals) state.raw.externals.push({ text: external.name, place: at(external.line) });
  for (const entry of reading.entries) {
    const scope: Scope = { name: { text: entry.name, place: at(entry.line) }, depth: Infinity, values: new Map(), produced: [], block: state.block };
    for (const fact of entry.facts) setScopeValue(state, scope, canonicalKey('workers', fact.key) as string, { text: fact.text, place: at(fact.line) });
    for (const output of entry.produces) {
      const file = { text: output.path, place: at(output.line) };
      state.raw.outputs.push({ from: scope.name, to: [file], soft: true });
      if (output.freshness) state.raw.freshness.push({ file, worker: scope.name, value: { text: output.freshness, place: at(output.line) } });
    }
    if (entry.needs.length > 0) state.raw.dependencies.push({ from: scope.name, to: entry.needs.map((need) => ({ text: need.name, place: at(need.line) })), soft: true });
    state.raw.workers.push({ place: scope.name.place, values: new Map([...scope.values, ['name', scope.name]]), partial: !scope.values.has('command'), block: state.block, source: 'block' });
    state.blockNames.add(entry.name);
  }
}

// A note that leads with a worker a code block declared (`sensor_hub` talks to the sensors and
// writes its pid to `run/hub.pid`), after a Procfile or anywhere: read as prose about that worker.
function readBlockNote(state: FreeState, marked: string, place: Place, children: BlockListItem[]): boolean {
  if (state.kind === 'external' || state.kind === 'configs' || state.blockNames.size === 0) return false;
  const m = /^\s*(?:(?:i\.e\.|e\.g\.|so|here|then|the|our)[,:]?\s+)?(?:\*\*`?([\w.-]+)`?\*\*|`([\w.-]+)`)/i.exec(marked);
  const name = m?.[1] ?? m?.[2];
  if (!name || !state.blockNames.has(name)) return false;
  closeScope(state);
  state.scope = { name: { text: name, place }, depth: Infinity, values: new Map(), produced: [], block: state.block };
  mineText(state, state.scope, marked, place);
  for (const child of children) readScopeItem(state, state.scope, child);
  closeScope(state);
  return true;
}
