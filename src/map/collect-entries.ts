/**
 * Walks a map's blocks section by section and collects raw entries: one per component (from a
 * table row or a sub-heading with `key: value` bullets), per config field, per dependency
 * statement and per setting. Values stay text here; build-model reads and checks them.
 */
import { parseFormatName } from './config-format.js';
import type { Block, BlockListItem, PlacedText } from './blocks.js';
import type { MessageSink } from './messages.js';
import type { Place } from './types.js';
import { canonicalKey, knownKeys, sectionOf, type SectionKind } from './vocabulary.js';
import { closestName } from './messages.js';
import { splitList } from './parse-values.js';

/** A value as written, with where. */
export type RawValue = PlacedText;

/** A worker or file as written: canonical key -> value. */
export interface RawComponent {
  place: Place;
  values: Map<string, RawValue>;
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
}

/** "A depends on B and C" as written. */
export interface RawDependency {
  from: RawValue;
  to: RawValue[];
}

/** Everything a map says, section by section, not yet checked. */
export interface RawMap {
  workers: RawComponent[];
  files: RawComponent[];
  configs: RawConfig[];
  configFields: RawConfigField[];
  dependencies: RawDependency[];
  settings: { key: string; value: RawValue }[];
}

interface SectionState {
  kind: SectionKind;
  depth: number;
  sub: RawValue | null;
  lastTableKeys: (string | null)[] | null;
}

const KEY_VALUE = /^([\p{L}][\p{L}\p{N} _/-]{0,40}?)\s*[:=]\s*(.*)$/u;
const DEPENDS = /^(.+?)\s+(?:depends on|needs|requires|reads|consumes|waits for)\s+(.+?)\.?$/i;
const ARROW = /^(.+?)\s*(?:->|→|=>)\s*(.+?)\.?$/;

/** Collects the raw entries of every section of a map. */
export function collectEntries(blocks: Block[], sink: MessageSink): RawMap {
  const raw: RawMap = { workers: [], files: [], configs: [], configFields: [], dependencies: [], settings: [] };
  let section: SectionState | null = null;
  for (const block of blocks) {
    if (block.type === 'heading') {
      const kind = sectionOf(block.text);
      if (kind) section = { kind, depth: block.depth, sub: null, lastTableKeys: null };
      else if (section && block.depth > section.depth) section.sub = { text: block.text, place: block.place };
      else section = null;
      continue;
    }
    if (!section) continue;
    if (block.type === 'table') collectTable(block.rows, block.continuesPrevious, section, raw, sink);
    else collectList(block.items, section, raw, sink);
  }
  return raw;
}

function collectTable(
  rows: PlacedText[][],
  continuesPrevious: boolean,
  section: SectionState,
  raw: RawMap,
  sink: MessageSink,
): void {
  const [header, ...body] = rows;
  if (!header) return;
  if (section.kind === 'settings' || section.kind === 'dependencies') {
    const dataRows = looksLikeHeader(header, section.kind) ? body : rows;
    for (const row of dataRows) collectPairRow(row, section, raw, sink);
    return;
  }
  const keys = continuesPrevious && section.lastTableKeys ? section.lastTableKeys : readHeader(header, section, sink);
  section.lastTableKeys = keys;
  const nameKey = section.kind === 'workers' ? 'name' : section.kind === 'files' ? 'path' : 'field';
  if (!keys.includes(nameKey)) {
    if (section.sub && keys.length === 2) {
      for (const row of [header, ...body]) collectPairRow(row, section, raw, sink);
      return;
    }
    const expected = section.kind === 'workers' ? 'Worker or Name' : section.kind === 'files' ? 'File or Path' : 'Field or Key';
    sink.warning('table-without-name', `Expected a ${expected} column in this ${section.kind} table; the table is ignored`, header[0]?.place ?? { line: 1, column: 1 });
    return;
  }
  for (const row of body) {
    const values = new Map<string, RawValue>();
    row.forEach((cell, index) => {
      const key = keys[index];
      if (key && key !== 'ignored') values.set(key, cell);
    });
    const place = row[0]?.place ?? header[0]?.place ?? { line: 1, column: 1 };
    if (section.kind === 'configs') collectConfigFieldRow(values, place, section, raw, sink);
    else if ((values.get(nameKey)?.text ?? '') === '') sink.warning('empty-name', `Expected a ${nameKey} in this row; the row is ignored`, place);
    else (section.kind === 'workers' ? raw.workers : raw.files).push({ place, values });
  }
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

function collectList(items: BlockListItem[], section: SectionState, raw: RawMap, sink: MessageSink): void {
  if (section.kind === 'dependencies' && !(section.sub && items.some((item) => isWorkerKeyItem(item)))) {
    for (const item of items) collectDependencyItem(item, raw, sink);
    return;
  }
  if (section.kind === 'settings') {
    for (const item of items) {
      const match = KEY_VALUE.exec(item.text);
      if (match?.[1]) collectKeyValue(match[1], valueOf(item, match), item.place, section, raw, sink);
    }
    return;
  }
  const sub = section.sub;
  if (!sub) return;
  if (section.kind === 'configs') {
    collectConfigBullets(items, sub, raw, sink);
    return;
  }
  const kind = section.kind === 'dependencies' ? 'workers' : section.kind;
  const pairs = items.map((item) => ({ item, match: KEY_VALUE.exec(item.text) }));
  const known = pairs.filter(({ match }) => match?.[1] && canonicalKey(kind, match[1]) !== null);
  if (known.length === 0) return;
  const values = new Map<string, RawValue>();
  values.set(kind === 'workers' ? 'name' : 'path', sub);
  for (const { item, match } of pairs) {
    if (!match?.[1]) continue;
    const key = canonicalKey(kind, match[1]) as string | null;
    if (key === null) sink.warning('unknown-key', unknownKeyMessage(kind, match[1], 'key'), item.place);
    else if (key !== 'ignored') values.set(key, valueOf(item, match));
  }
  (kind === 'workers' ? raw.workers : raw.files).push({ place: sub.place, values });
}

function isWorkerKeyItem(item: BlockListItem): boolean {
  const match = KEY_VALUE.exec(item.text);
  return Boolean(match?.[1] && canonicalKey('workers', match[1]) === 'command');
}

function collectKeyValue(keyText: string, value: RawValue, place: Place, section: SectionState, raw: RawMap, sink: MessageSink): void {
  if (section.kind === 'settings') {
    const key = canonicalKey('settings', keyText) as string | null;
    if (key === null) sink.warning('unknown-key', unknownKeyMessage('settings', keyText, 'setting'), place);
    else if (key !== 'ignored') raw.settings.push({ key, value });
    return;
  }
  if (!section.sub || section.kind === 'dependencies') return;
  const kind = section.kind;
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
  entry.values.set(key, value);
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
    const name = (match?.[1] ?? item.text).trim();
    if (name === '') continue;
    const values = new Map<string, RawValue>();
    const spec = match ? (match[2] ?? '') : '';
    if (spec !== '') values.set('spec', { text: spec, place: item.place });
    for (const child of item.children) {
      const childMatch = KEY_VALUE.exec(child.text);
      const childKey = childMatch?.[1] ? (canonicalKey('configs', childMatch[1]) as string | null) : null;
      if (childMatch && childKey && childKey !== 'ignored') values.set(childKey, valueOf(child, childMatch));
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

function valueOf(item: BlockListItem, match: RegExpExecArray): RawValue {
  return { text: (match[2] ?? '').trim(), place: item.place };
}

function unknownKeyMessage(kind: 'workers' | 'files' | 'configs' | 'settings', given: string, what: string): string {
  const hint = closestName(given.toLowerCase(), knownKeys(kind));
  const label = kind === 'settings' ? '' : `${kind.slice(0, -1)} `;
  return `Unknown ${label}${what} \`${given}\`${hint ? `, did you mean \`${hint}\`?` : '; it is ignored'}`;
}
