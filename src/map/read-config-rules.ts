/**
 * Cross-config rules: a field of one config must equal a field of another, across formats
 * (`pool.json#rpc_port = bitcoin.conf#rpcport`). Read from a *Rules* / *Consistency* /
 * *Cross-config* section (list items, paragraphs, or a table with the two sides) and from an
 * `Equals` / `Must match` / `Same as` column (or bullet part) of a config's field table. The left
 * side is the dependent, repaired by copying; the right side is the source of truth, never edited.
 */
import type { Block, PlacedText } from './blocks.js';
import type { RawMap } from './collect-entries.js';
import { formatPlace, type MessageSink } from './messages.js';
import { normalizeMapPath } from './map-paths.js';
import { pickConfigFormat } from './config-format.js';
import { normalizeWords } from './vocabulary.js';
import type { ConfigRule, ConfigSpec, MapModel, Place } from './types.js';

// `path#field`; an INI field may be written `[section] key` (read as `section.key`).
// It starts at a word's start, so a long word is not scanned again from each of its characters.
const REF = String.raw`(?<![^\s(\[:,;|=<>←-])([^\s#\x60|=]+)#(\[[^\]\n]{1,200}\]\s*[^\s\x60,;|=]+|[^\s\x60,;|=]+)`;
// Longer text is prose, never one rule (and is not scanned).
const MAX_RULE_CHARS = 2000;
const RELATION = String.raw`(?:==?|:=|must\s+(?:always\s+)?(?:equal|match|be\s+equal\s+to|be\s+the\s+same\s+as)|equals|matches|is\s+the\s+same\s+as|same\s+as|mirrors|<-|←)`;
const STATEMENT = new RegExp(`${REF}\\s*${RELATION}\\s*${REF}`, 'iu');
const ONE_REF = new RegExp(`^${REF}$`, 'u');
/** Words a field-table cell or bullet part starts with when it names the field's source of truth. */
const EQUALS_PART = new RegExp(String.raw`^\s*(?:=|==|must\s+(?:equal|match|be\s+equal\s+to|be\s+the\s+same\s+as)|equals?(?:\s+to)?|matches|same\s+as|mirrors|copied\s+from|from)?\s*${REF}\s*$`, 'iu');
const HEADING_PHRASES = ['rules', 'rule', 'consistency', 'cross config', 'crossconfig', 'invariants'];
const SOURCE_COLUMN = /\b(source|truth|must equal|must match|equals?|same as|equal to|copied from|from|mirrors)\b/;

/** A rule as written, before its configs are resolved. */
interface WrittenRule {
  left: { path: string; field: string };
  right: { path: string; field: string };
  text: string;
  place: Place;
}

/** Whether a heading opens a section of cross-config rules. */
export function isRulesHeading(text: string): boolean {
  const words = ` ${normalizeWords(text)} `;
  return HEADING_PHRASES.some((phrase) => words.includes(` ${phrase} `));
}

/** Whether a part of a field's spec names its source of truth (`must equal bitcoin.conf#rpcport`). */
export function isEqualsPart(text: string): boolean {
  return text.length <= MAX_RULE_CHARS && EQUALS_PART.test(text.replace(/`/g, ''));
}

/** How lint and explain say a rule, with its direction. */
export function describeRule(rule: ConfigRule): string {
  const dependent = rule.config.slice('config:'.length);
  const source = rule.source.slice('config:'.length);
  return `${dependent}#${rule.field} = ${source}#${rule.sourceField}: ${dependent} is the dependent (healmap copies the value into it and restarts its readers), ${source} the source of truth (never edited)`;
}

/**
 * Reads every cross-config rule of a map and checks it against the model: each side must name a
 * declared config healmap can read (and a declared field, when that config declares fields); a
 * field ruled twice, a rule within one config and a cycle of rules are errors. Returns the rules
 * that hold.
 */
export function readConfigRules(blocks: readonly Block[], raw: Pick<RawMap, 'configFields'>, model: MapModel, sink: MessageSink, mapLabel = 'ARCHITECTURE_MAP.md'): ConfigRule[] {
  const written = [...readRulesSections(blocks, sink), ...readFieldColumns(raw, model)];
  const rules: ConfigRule[] = [];
  const first = new Map<string, ConfigRule>();
  for (const w of written.sort((a, b) => a.place.line - b.place.line || a.place.column - b.place.column)) {
    const dependent = resolveSide(model, w.left, w, sink);
    const source = resolveSide(model, w.right, w, sink);
    if (!dependent || !source) continue;
    if (dependent.config.id === source.config.id) {
      sink.error('rule-same-config', `Expected two different configs in the rule \`${w.text}\`, got \`${dependent.config.path}\` on both sides`, w.place);
      continue;
    }
    const rule: ConfigRule = { config: dependent.config.id, field: dependent.field, source: source.config.id, sourceField: source.field, place: w.place };
    const key = `${rule.config}\0${rule.field}`;
    const earlier = first.get(key);
    if (earlier && earlier.source === rule.source && earlier.sourceField === rule.sourceField) {
      sink.warning('duplicate-rule', `The rule \`${w.text}\` is already declared at ${formatPlace(mapLabel, earlier.place)}`, w.place);
      continue;
    }
    if (earlier) {
      sink.error('conflicting-rule', `\`${dependent.config.path}#${rule.field}\` already has a source of truth, \`${earlier.source.slice(7)}#${earlier.sourceField}\` at ${formatPlace(mapLabel, earlier.place)}; a field has one source`, w.place);
      continue;
    }
    first.set(key, rule);
    rules.push(rule);
  }
  return dropCycles(rules, sink);
}

// Items, paragraphs and table rows of a Rules section; anything there with a `#` reference that is
// not a rule is said, so a typo does not silently drop a rule.
function readRulesSections(blocks: readonly Block[], sink: MessageSink): WrittenRule[] {
  const rules: WrittenRule[] = [];
  let depth: number | null = null;
  const readText = (text: string, place: Place): void => {
    const rule = parseStatement(text, place);
    if (rule) rules.push(rule);
    else if (text.length <= MAX_RULE_CHARS && /[^\s#]#[^\s#]/.test(text) && /=|equal|match|same as|mirrors/i.test(text)) {
      sink.warning('rule-not-read', `Expected a rule such as \`pool.json#rpc_port = bitcoin.conf#rpcport\` (dependent = source of truth), got \`${text.replace(/`/g, '')}\``, place);
    }
  };
  for (const block of blocks) {
    if (block.type === 'heading') {
      if (depth !== null && block.depth <= depth) depth = null;
      if (depth === null && isRulesHeading(block.text)) depth = block.depth;
      continue;
    }
    if (depth === null) continue;
    if (block.type === 'paragraph') readText(block.marked, block.place);
    if (block.type === 'list') for (const item of flattenItems(block.items)) readText(item.marked ?? item.text, item.place);
    if (block.type === 'table') rules.push(...readRulesTable(block.rows, readText));
  }
  return rules;
}

function flattenItems(items: readonly (PlacedText & { children?: PlacedText[] })[]): PlacedText[] {
  return items.flatMap((item) => [item, ...flattenItems((item.children ?? []) as (PlacedText & { children?: PlacedText[] })[])]);
}

// A table of rules: a Source (of truth) / Must equal column beside the dependent's column, or one
// cell per row holding the whole rule.
function readRulesTable(rows: PlacedText[][], readText: (text: string, place: Place) => void): WrittenRule[] {
  const [header, ...body] = rows;
  if (!header) return [];
  const names = header.map((cell) => normalizeWords(cell.text));
  const sourceAt = names.findIndex((name) => SOURCE_COLUMN.test(name));
  const dependentAt = sourceAt < 0 ? -1 : names.findIndex((name, i) => i !== sourceAt && !/\b(note|notes|why|description|comment|reason)\b/.test(name));
  const rules: WrittenRule[] = [];
  for (const row of body) {
    const left = dependentAt >= 0 ? readRef(row[dependentAt]?.marked ?? row[dependentAt]?.text ?? '') : null;
    const right = sourceAt >= 0 ? readRef(row[sourceAt]?.marked ?? row[sourceAt]?.text ?? '') : null;
    const place = row[0]?.place ?? header[0]?.place ?? { line: 1, column: 1 };
    if (left && right) {
      rules.push({ left, right, text: `${left.path}#${left.field} = ${right.path}#${right.field}`, place });
      continue;
    }
    readText(row.map((cell) => cell.marked ?? cell.text).join(' | '), place);
  }
  return rules;
}

// A field-table column (`Equals`) or a bullet part naming a field's source of truth.
function readFieldColumns(raw: Pick<RawMap, 'configFields'>, model: MapModel): WrittenRule[] {
  const rules: WrittenRule[] = [];
  for (const field of raw.configFields) {
    const cells = [field.values.get('equals'), ...(field.values.get('spec')?.text.split(/(?<!\s)\s*[,;]\s*/).map((text) => ({ text, place: field.values.get('spec')?.place ?? field.name.place })) ?? [])];
    for (const cell of cells) {
      if (!cell || cell.text.trim() === '' || ['—', '-', 'n/a', 'none'].includes(cell.text.trim().toLowerCase())) continue;
      const match = cell.text.length > MAX_RULE_CHARS ? null : EQUALS_PART.exec(cell.text.replace(/`/g, ''));
      if (!match) continue;
      const path = normalizeMapPath(field.configPath.text.replace(/`/g, ''), model.rootDir);
      const left = { path: path.ok ? path.value : field.configPath.text, field: field.name.text.replace(/`/g, '').trim() };
      const right = { path: match[1] ?? '', field: fieldName(match[2] ?? '') };
      rules.push({ left, right, text: `${left.path}#${left.field} = ${right.path}#${right.field}`, place: cell.place });
    }
  }
  return rules;
}

function parseStatement(text: string, place: Place): WrittenRule | null {
  if (text.length > MAX_RULE_CHARS || !text.includes('#')) return null;
  const match = STATEMENT.exec(text.replace(/`/g, ''));
  if (!match) return null;
  const left = { path: match[1] ?? '', field: fieldName(match[2] ?? '') };
  const right = { path: match[3] ?? '', field: fieldName(match[4] ?? '') };
  return { left, right, text: `${left.path}#${left.field} = ${right.path}#${right.field}`, place };
}

function readRef(text: string): { path: string; field: string } | null {
  const match = ONE_REF.exec(text.replace(/`/g, '').trim());
  return match ? { path: match[1] ?? '', field: fieldName(match[2] ?? '') } : null;
}

// `[server] port` -> `server.port`; trailing punctuation of prose is not part of a field.
function fieldName(text: string): string {
  const section = /^\[([^\]]+)\]\s*(.+)$/.exec(text.trim());
  const name = section ? `${section[1]?.trim()}.${section[2]?.trim()}` : text.trim();
  return name.replace(/(?<![.,;:)])[.,;:)]+$/, '');
}

function resolveSide(model: MapModel, side: { path: string; field: string }, rule: WrittenRule, sink: MessageSink): { config: ConfigSpec; field: string } | null {
  const normalized = normalizeMapPath(side.path, model.rootDir);
  const path = normalized.ok ? normalized.value : side.path;
  const byBase = model.configs.filter((c) => c.path.endsWith(`/${path}`));
  const config = model.configs.find((c) => c.path === path) ?? (byBase.length === 1 ? byBase[0] : undefined) ?? promoteToConfig(model, path);
  if (!config) {
    const asFile = model.files.some((f) => f.path === path);
    const why = asFile ? 'it is a data file, not a config' : byBase.length > 1 ? `it could be ${byBase.map((c) => `\`${c.path}\``).join(' or ')}` : 'expected a config the map declares (a Configs section entry, with its `format:`)';
    sink.error('unresolved-reference', `Unknown config \`${side.path}\` in the rule \`${rule.text}\`: ${why}`, rule.place);
    return null;
  }
  if (config.format === 'opaque') {
    sink.error('rule-on-opaque', `healmap does not read \`${config.path}\` (${config.formatFrom}), so the rule \`${rule.text}\` cannot be checked; declare its \`format:\``, rule.place);
    return null;
  }
  if (side.field === '') {
    sink.error('unknown-field', `Expected a field after \`#\` in the rule \`${rule.text}\``, rule.place);
    return null;
  }
  if (config.fields.length > 0 && !config.fields.some((f) => f.name === side.field)) {
    const names = config.fields.map((f) => `\`${f.name}\``).join(', ');
    sink.error('unknown-field', `Unknown field \`${side.field}\` of config \`${config.path}\` in the rule \`${rule.text}\`; the map declares ${names}`, rule.place);
    return null;
  }
  return { config, field: side.field };
}

// A path only named as a worker's input (`bitcoind | depends on bitcoin.conf`) is an implicit file;
// a rule reading a field of it makes it the config it is, when healmap can read its format.
function promoteToConfig(model: MapModel, path: string): ConfigSpec | undefined {
  const file = model.files.find((f) => f.path === path && !f.declared && f.producer === null);
  const { format, from } = pickConfigFormat(path, null);
  if (!file || format === 'opaque') return undefined;
  const config: ConfigSpec = { kind: 'config', id: `config:${path}`, path, format, formatFrom: from, validateWith: null, fields: [], critical: true, place: file.place };
  model.files = model.files.filter((f) => f !== file);
  model.configs.push(config);
  for (const worker of model.workers) worker.dependsOn = worker.dependsOn.map((id) => (id === file.id ? config.id : id));
  for (const fact of model.facts ?? []) {
    if (fact.value === file.id) fact.value = config.id;
  }
  return config;
}

// A cycle of rules (a = b, b = a) names no source of truth: each rule of a cycle is an error and dropped.
function dropCycles(rules: ConfigRule[], sink: MessageSink): ConfigRule[] {
  const sources = new Map<string, ConfigRule[]>();
  for (const rule of rules) sources.set(rule.config, [...(sources.get(rule.config) ?? []), rule]);
  const inCycle = new Set<ConfigRule>();
  const reported = new Set<string>();
  for (const start of rules) {
    // Depth-first from the rule's source back to its dependent; rule counts are small.
    const path = findPath(start.source, start.config, sources, new Set());
    if (!path) continue;
    const cycle = [start, ...path];
    for (const rule of cycle) inCycle.add(rule);
    const key = cycle.map((r) => `${r.config}#${r.field}`).sort().join('\0');
    if (reported.has(key)) continue;
    reported.add(key);
    const names = cycle.map((r) => `${r.config.slice(7)}#${r.field} = ${r.source.slice(7)}#${r.sourceField}`).join(', ');
    const earliest = [...cycle].sort((a, b) => a.place.line - b.place.line || a.place.column - b.place.column)[0] as ConfigRule;
    sink.error('rule-cycle', `Cross-config rule cycle: ${names}; each rule copies its right side into its left, so one config must be the source of truth and depend on none of the others`, earliest.place);
  }
  return rules.filter((rule) => !inCycle.has(rule));
}

function findPath(from: string, to: string, sources: Map<string, ConfigRule[]>, seen: Set<string>): ConfigRule[] | null {
  if (seen.has(from)) return null;
  seen.add(from);
  for (const rule of sources.get(from) ?? []) {
    if (rule.source === to) return [rule];
    const rest = findPath(rule.source, to, sources, seen);
    if (rest) return [rule, ...rest];
  }
  return null;
}
