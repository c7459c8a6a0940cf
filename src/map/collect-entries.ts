/**
 * Walks a map's blocks section by section and collects raw entries: one per component (from a
 * table row or a sub-heading with `key: value` bullets), per config field, per dependency
 * statement and per setting. Values stay text here; build-model reads and checks them.
 */
import { parseFormatName } from './config-format.js';
import type { Block, BlockListItem, PlacedText } from './blocks.js';
import type { MessageSink } from './messages.js';
import type { Place } from './types.js';
import { canonicalKey, knownKeys } from './vocabulary.js';
import { closestName } from './messages.js';
import { parseFieldType, parseRange, splitList } from './parse-values.js';
import { classifyHeading, type HeadingKind } from './classify-heading.js';
import { cleanName, closeScope, openHeadingScope, readFreeBlock, readLeftoverItems, startFree, type FreeState } from './collect-free.js';
import { readStatements } from './read-statements.js';
import { mergeExampleFields } from './read-config-example.js';
import { mergeComponents } from './merge-components.js';
import { readFileReaders } from './read-file-readers.js';
import { isConfigPath, isNameLike, leadOf } from './read-text.js';
import { looksLikeFieldText, readFieldText } from './read-field-text.js';
import { markStrict } from './report-unread.js';
import { readAnchors } from './read-anchors.js';
import { markHistory } from './read-history.js';
import { readCommandConfigs } from './read-command-configs.js';

/** A value as written, with where; `strict` when written in a README section (see report-unread.ts). */
export type RawValue = PlacedText & { strict?: boolean };

/** A worker or file as written: canonical key -> value. */
export interface RawComponent {
  place: Place;
  values: Map<string, RawValue>;
  /** Facts about a component declared elsewhere (a Ports table, a prose bullet): merged into it. */
  partial?: boolean;
  /** The block it was read from; entries of different blocks about one component are merged. */
  block?: number;
  /** From a README-form section: without a command anywhere it is an error, not a warning. */
  strict?: boolean;
  /** Read from a code block (Procfile, unit, compose) or a table row: wins a contradiction with prose. */
  source?: 'block' | 'table';
}

/** One field of a config as written. */
export interface RawConfigField {
  configPath: RawValue;
  name: RawValue;
  values: Map<string, RawValue>;
}

/** A config declared by a sub-heading or a table row, before its fields are grouped. */
export interface RawConfig {
  path: RawValue;
  values: Map<string, RawValue>;
  /** The JSON Schema the map gives for it, kept to validate the config as a whole. */
  schema?: unknown;
}

/** "A depends on B and C" as written. */
export interface RawDependency {
  from: RawValue;
  to: RawValue[];
  /** Read from prose or a diagram: an unknown name there is an outside system, a warning. */
  soft?: boolean;
}

/** A freshness limit stated apart from a file's declaration ("stale after 60 seconds"). */
export interface RawFreshness {
  /** The file, or null for "the file this worker writes". */
  file: RawValue | null;
  worker: RawValue | null;
  value: RawValue;
}

/** Everything a map says, section by section, not yet checked. */
export interface RawMap {
  workers: RawComponent[];
  files: RawComponent[];
  configs: RawConfig[];
  configFields: RawConfigField[];
  dependencies: RawDependency[];
  settings: { key: string; value: RawValue }[];
  /** "A writes B": the worker produces the files (free forms). */
  outputs: RawDependency[];
  freshness: RawFreshness[];
  /** Outside systems the map names (not run by the team). */
  externals: RawValue[];
  /** Headings of sections read as prose on purpose (changelog, runbook, troubleshooting...). */
  prose: RawValue[];
}

interface SectionState {
  kind: HeadingKind;
  /** One of the README's exact section names: its tables and lists are read the README's way. */
  exact: boolean;
  depth: number;
  sub: RawValue | null;
  lastTableKeys: (string | null)[] | null;
}

const KEY_VALUE = /^([\p{L}][\p{L}\p{N} _/-]{0,40}?)\s*[:=]\s*(.*)$/u;
// `(?<=\S)` lets a run of spaces be tried once, not from each of its spaces (quadratic).
const DEPENDS = /^(.+?)(?<=\S)\s+(?:depends on|needs|requires|reads|consumes|waits for)\s+(.+?)\.?$/i;
const ARROW = /^(.+?)(?<=\S)\s*(?:->|→|=>)\s*(.+?)\.?$/;

/** Collects the raw entries of every section of a map, in the README's forms and in free form. */
export function collectEntries(blocksAsWritten: Block[], sink: MessageSink, mapLabel = 'ARCHITECTURE_MAP.md'): RawMap {
  const blocks = markHistory(blocksAsWritten);
  const raw: RawMap = { workers: [], files: [], configs: [], configFields: [], dependencies: [], settings: [], outputs: [], freshness: [], externals: [], prose: [] };
  const free = startFree(raw, sink);
  let section: SectionState | null = null;
  for (const block of blocks) {
    if (block.type === 'heading') {
      section = readHeading(block, section, free);
      continue;
    }
    free.block++;
    if (section?.exact && block.type === 'table' && collectTable(block.rows, block.continuesPrevious, section, raw, sink, free.block)) continue;
    if (section?.exact && block.type === 'list' && !free.leadOpen && collectList(block.items, section, raw, sink)) {
      // Bullets that are not README keys (`run it: \`node x.js\``, `listens on **4000**`) are still read as prose.
      if (section.kind === 'workers') readLeftoverItems(free, block.items.filter((item) => !isKnownKeyItem(item, 'workers')));
      continue;
    }
    free.block--;
    readFreeBlock(free, block);
  }
  closeScope(free);
  mergeExampleFields(raw.configFields, free.exampleFields);
  readStatements(raw, free.statements, free.diagrams, free.legends, sink);
  readFileReaders(raw);
  readAnchors(blocks, raw, sink);
  readCommandConfigs(raw);
  mergeComponents(raw, mapLabel, sink);
  return raw;
}

// A heading opens a section, names a component inside one, or (prose) ends reading until the next.
function readHeading(block: Extract<Block, { type: 'heading' }>, section: SectionState | null, free: FreeState): SectionState | null {
  const title = section === null && block.depth === 1;
  const classified = block.history ? { ...classifyHeading(block.text, block.marked), kind: 'prose' as const } : classifyHeading(block.text, block.marked);
  // The document's title (`# harborlog — ops runbook`) names the whole map, never a prose section.
  const reading = title && (classified.kind === 'prose' || classified.kind === 'external') ? { ...classified, kind: null } : classified;
  const place = block.place;
  if (free.scope && block.depth <= free.scope.depth) closeScope(free);
  free.heading = block.text;
  if (section?.kind === 'prose' && block.depth > section.depth) return section;
  const deeper = section !== null && block.depth > section.depth && section.kind !== 'prose';
  if (section && deeper && (section.exact ? !reading.exact : reading.name !== null || reading.kind === null)) {
    // Under a README section any deeper heading names a component; elsewhere only a name does.
    const name = section.exact ? cleanName(block.text) : reading.name === null ? null : cleanName(reading.name);
    section.sub = { text: section.exact ? block.text : (name ?? block.text), place };
    section.lastTableKeys = null;
    free.lastLead = null;
    if (name === null) return section;
    if (reading.configPath ?? (isConfigPath(name) ? name : null)) free.configPath = { text: reading.configPath ?? name, place };
    else if (section.kind === 'configs' && section.exact) free.configPath = { text: block.text, place };
    else if (section.kind === 'configs' && free.configPath && isNameLike(name)) {
      // A field's name as a heading (a definition list's term under its config): described by the text under it.
      free.pendingField = { text: name, place };
      return section;
    } else if (isNameLike(name) && section.kind !== 'files' && section.kind !== 'configs') openHeadingScope(free, name, place, block.depth);
    free.requiredDefault = null;
    free.lastFields = [];
    return section;
  }
  free.kind = reading.kind;
  if (reading.kind === 'prose') free.raw.prose.push({ text: block.text, place });
  free.configPath = reading.configPath ? { text: reading.configPath, place } : null;
  free.requiredDefault = null;
  free.lastFields = [];
  free.lastLead = null;
  // A top-level heading is the document's title, never a component.
  if (reading.kind === null && reading.name && isNameLike(reading.name) && block.depth > 1) openHeadingScope(free, reading.name, place, block.depth);
  return { kind: reading.kind, exact: reading.exact, depth: block.depth, sub: null, lastTableKeys: null };
}

// Returns false when the table is not in a README form; the free-form reader then reads it by its columns.
function collectTable(
  rows: PlacedText[][],
  continuesPrevious: boolean,
  section: SectionState,
  raw: RawMap,
  sink: MessageSink,
  block: number,
): boolean {
  const [header, ...body] = rows;
  if (!header) return true;
  if (section.kind === 'settings' || section.kind === 'dependencies') {
    const dataRows = looksLikeHeader(header, section.kind) ? body : rows;
    for (const row of dataRows) collectPairRow(row, section, raw, sink);
    return true;
  }
  if (section.kind !== 'workers' && section.kind !== 'files' && section.kind !== 'configs') return false;
  const kind = section.kind;
  const keys = continuesPrevious && section.lastTableKeys ? section.lastTableKeys : header.map((cell) => (cell.text === '' ? null : (canonicalKey(kind, cell.text) as string | null)));
  const nameKey = kind === 'workers' ? 'name' : kind === 'files' ? 'path' : 'field';
  if (!keys.includes(nameKey)) {
    if (section.sub && keys.length === 2 && kind !== 'workers') {
      for (const row of [header, ...body]) collectPairRow(row, section, raw, sink);
      return true;
    }
    return false;
  }
  if (kind === 'configs' && !keys.includes('path') && !section.sub) return false;
  if (!continuesPrevious) readHeader(header, section, sink);
  section.lastTableKeys = keys;
  const partial = kind === 'workers' && !keys.includes('command');
  for (const row of body) {
    const values = new Map<string, RawValue>();
    row.forEach((cell, index) => {
      const key = keys[index];
      if (key && key !== 'ignored') values.set(key, markStrict(key === 'name' ? { ...cell, text: cleanName(cell.text) } : cell));
    });
    const place = row[0]?.place ?? header[0]?.place ?? { line: 1, column: 1 };
    if (kind === 'configs') collectConfigFieldRow(values, place, section, raw, sink);
    else if ((values.get(nameKey)?.text ?? '') === '') sink.warning('empty-name', `Expected a ${nameKey} in this row; the row is ignored`, place);
    else (kind === 'workers' ? raw.workers : raw.files).push(partial ? { place, values, partial, strict: true, block } : { place, values });
  }
  return true;
}

function readHeader(header: PlacedText[], section: SectionState, sink: MessageSink): (string | null)[] {
  const kind = section.kind as 'workers' | 'files' | 'configs';
  return header.map((cell) => {
    if (cell.text === '') return null;
    const key = canonicalKey(kind, cell.text) as string | null;
    if (key === null) sink.warning('unknown-key', unknownKeyMessage(kind, cell.text, 'column'), cell.place);
    return key;
  });
}

function collectConfigFieldRow(values: Map<string, RawValue>, place: Place, section: SectionState, raw: RawMap, sink: MessageSink): void {
  const name = values.get('field');
  const configPath = values.get('path') ?? section.sub;
  if (!name || name.text === '') {
    sink.warning('empty-name', 'Expected a field name in this row; the row is ignored', place);
    return;
  }
  if (!configPath) {
    sink.error('config-without-path', `Expected a Config column or a config sub-heading for field \`${name.text}\``, place);
    return;
  }
  values.delete('path');
  values.delete('field');
  raw.configFields.push({ configPath, name, values });
}

function looksLikeHeader(header: PlacedText[], kind: 'settings' | 'dependencies'): boolean {
  const first = header[0]?.text.toLowerCase() ?? '';
  return kind === 'settings'
    ? ['setting', 'settings', 'key', 'name', 'option'].includes(first)
    : ['component', 'worker', 'name', 'from', 'dependent'].includes(first);
}

// A two-column row: a setting, a dependency (component | depends on), or a property of a sub-heading.
function collectPairRow(row: PlacedText[], section: SectionState, raw: RawMap, sink: MessageSink): void {
  const [key, value] = row;
  if (!key || !value || key.text === '') return;
  if (section.kind === 'dependencies') {
    raw.dependencies.push({ from: key, to: splitRefs(value) });
    return;
  }
  collectKeyValue(key.text, value, key.place, section, raw, sink);
}

// Returns false when the list is not in a README form; the free-form reader then reads it.
function collectList(items: BlockListItem[], section: SectionState, raw: RawMap, sink: MessageSink): boolean {
  if (section.kind === 'dependencies' && !(section.sub && items.some((item) => isWorkerKeyItem(item)))) {
    for (const item of items) collectDependencyItem(item, raw, sink);
    return true;
  }
  if (section.kind === 'settings') {
    for (const item of items) {
      const match = KEY_VALUE.exec(item.text);
      if (match?.[1]) collectKeyValue(match[1], valueOf(item, match), item.place, section, raw, sink);
    }
    return true;
  }
  const sub = section.sub;
  if (!sub || (section.kind !== 'workers' && section.kind !== 'files' && section.kind !== 'configs' && section.kind !== 'dependencies')) return false;
  if (section.kind === 'configs') {
    collectConfigBullets(items, sub, raw, sink);
    return true;
  }
  const kind = section.kind === 'dependencies' ? 'workers' : section.kind;
  const pairs = items.map((item) => ({ item, match: KEY_VALUE.exec(item.text) }));
  const known = pairs.filter(({ match }) => match?.[1] && canonicalKey(kind, match[1]) !== null);
  if (known.length === 0) return false;
  const values = new Map<string, RawValue>();
  values.set(kind === 'workers' ? 'name' : 'path', sub);
  for (const { item, match } of pairs) {
    if (!match?.[1]) continue;
    const key = canonicalKey(kind, match[1]) as string | null;
    if (key === null) sink.warning('unknown-key', unknownKeyMessage(kind, match[1], 'key'), item.place);
    else if (key !== 'ignored') values.set(key, markStrict(spannedValueOf(item, match, key)));
  }
  (kind === 'workers' ? raw.workers : raw.files).push({ place: sub.place, values });
  return true;
}

function isKnownKeyItem(item: BlockListItem, kind: 'workers' | 'files'): boolean {
  const match = KEY_VALUE.exec(item.text);
  return Boolean(match?.[1] && canonicalKey(kind, match[1]) !== null);
}

function isWorkerKeyItem(item: BlockListItem): boolean {
  const match = KEY_VALUE.exec(item.text);
  return Boolean(match?.[1] && canonicalKey('workers', match[1]) === 'command');
}

function collectKeyValue(keyText: string, value: RawValue, place: Place, section: SectionState, raw: RawMap, sink: MessageSink): void {
  if (section.kind === 'settings') {
    const key = canonicalKey('settings', keyText) as string | null;
    if (key === null) sink.warning('unknown-key', unknownKeyMessage('settings', keyText, 'setting'), place);
    else if (key !== 'ignored') raw.settings.push({ key, value: markStrict(value) });
    return;
  }
  const kind = section.kind;
  if (!section.sub || (kind !== 'workers' && kind !== 'files' && kind !== 'configs')) return;
  const key = canonicalKey(kind, keyText) as string | null;
  if (key === null) {
    sink.warning('unknown-key', unknownKeyMessage(kind, keyText, 'key'), place);
    return;
  }
  if (key === 'ignored' || kind === 'configs') return;
  const list = kind === 'workers' ? raw.workers : raw.files;
  const nameKey = kind === 'workers' ? 'name' : 'path';
  let entry = list.find((e) => e.values.get(nameKey) === section.sub);
  if (!entry) {
    entry = { place: section.sub.place, values: new Map([[nameKey, section.sub]]) };
    list.push(entry);
  }
  entry.values.set(key, markStrict(value));
}

// A config field's bullet: its name may be dotted (`server.port`, INI `section.key`).
const FIELD_VALUE = /^([\p{L}_][\p{L}\p{N} _/.-]{0,80}?)\s*[:=]\s*(.*)$/u;

function collectConfigBullets(items: BlockListItem[], sub: RawValue, raw: RawMap, sink: MessageSink): void {
  const config: RawConfig = { path: sub, values: new Map() };
  raw.configs.push(config);
  for (const item of items) {
    const match = FIELD_VALUE.exec(item.text);
    const key = match?.[1] ? (canonicalKey('configs', match[1]) as string | null) : null;
    // `format:` is the config's own key only when it names a format; otherwise it is a field called format.
    const own = key === 'path' || key === 'critical' || key === 'validateWith' || (key === 'format' && parseFormatName(match?.[2] ?? '') !== null);
    if (match && own) {
      config.values.set(key as string, valueOf(item, match));
      continue;
    }
    const lead = leadOf(item.marked ?? item.text);
    if (lead && lead.rest !== '' && looksLikeFieldText(lead.rest) && !isStrictSpec(lead.rest.replace(/^[:=]\s*/, ''))) {
      raw.configFields.push({ configPath: sub, name: { text: lead.name, place: item.place }, values: readFieldText(lead.rest, item.place, null) });
      continue;
    }
    const name = (match?.[1] ?? item.text).trim();
    if (name === '') continue;
    const values = new Map<string, RawValue>();
    const spec = match ? (match[2] ?? '') : '';
    if (spec !== '') values.set('spec', markStrict({ text: spec, place: item.place }));
    for (const child of item.children) {
      const childMatch = KEY_VALUE.exec(child.text);
      const childKey = childMatch?.[1] ? (canonicalKey('configs', childMatch[1]) as string | null) : null;
      if (childMatch && childKey && childKey !== 'ignored') values.set(childKey, markStrict(valueOf(child, childMatch)));
      else if (childMatch?.[1] && childKey === null) sink.warning('unknown-key', unknownKeyMessage('configs', childMatch[1], 'key'), child.place);
    }
    raw.configFields.push({ configPath: sub, name: { text: name, place: item.place }, values });
  }
}

function collectDependencyItem(item: BlockListItem, raw: RawMap, sink: MessageSink): void {
  const match = DEPENDS.exec(item.text) ?? ARROW.exec(item.text);
  if (!match?.[1] || !match[2]) {
    if (item.text !== '') {
      sink.warning('unreadable-dependency', `Expected a dependency such as \`A depends on B and C\` or \`A -> B, C\`, got \`${item.text}\``, item.place);
    }
    return;
  }
  const from = { text: match[1].trim(), place: item.place };
  raw.dependencies.push({ from, to: splitRefs({ text: match[2], place: item.place }) });
}

function splitRefs(value: RawValue): RawValue[] {
  return splitList(value.text).map((text) => ({ text, place: value.place }));
}

// `health: \`http://x/status\` — returns 200`: a target in code is the value, the prose after it is not.
function spannedValueOf(item: BlockListItem, match: RegExpExecArray, key: string): RawValue {
  const value = valueOf(item, match);
  if (!['health', 'pidfile', 'lock', 'cwd', 'command'].includes(key)) return value;
  const marked = (item.marked ?? item.text).replace(/^[^:=]*[:=]\s*/, '');
  const span = /^`([^`]+)`\s*(?:[—–(,;]|-\s|$)/.exec(marked)?.[1];
  return span ? { ...value, text: span.trim() } : value;
}

function valueOf(item: BlockListItem, match: RegExpExecArray): RawValue {
  return { text: (match[2] ?? '').trim(), place: item.place };
}

function unknownKeyMessage(kind: 'workers' | 'files' | 'configs' | 'settings', given: string, what: string): string {
  const hint = closestName(given.toLowerCase(), knownKeys(kind));
  const label = kind === 'settings' ? '' : `${kind.slice(0, -1)} `;
  return `Unknown ${label}${what} \`${given}\`${hint ? `, did you mean \`${hint}\`?` : '; it is ignored'}`;
}

// The README's bullet spec: `number, default 0.6, range 0..1, required`, every part one of those.
function isStrictSpec(spec: string): boolean {
  return spec.split(/(?<!\s)\s*[,;]\s*/).filter((p) => p !== '').every((part) =>
    /^(default|range|type)\s*[:=]?\s+\S/i.test(part) || /^=/.test(part) || /^(required|optional)$/i.test(part) ||
    parseFieldType(part).ok || parseRange(part).ok);
}
