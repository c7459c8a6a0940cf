/**
 * Parses a YAML, JSON or TOML code block into one plain tree whose every node keeps its line in
 * the block and the comment written on that line (`schedule: "every 6 hours"  # cron: 0 *\/6 * * *`),
 * so the readers of catalogues see structure, positions and notes the same way in every format.
 */
import { createRequire } from 'node:module';
import type { Node as JsoncNode, ParseError } from 'jsonc-parser';

// Parsers are loaded at their first use (a CommonJS require keeps these functions synchronous),
// so reading a map whose code blocks do not need one does not pay for loading it.
const load = createRequire(import.meta.url);
const yaml = (): typeof import('yaml') => load('yaml') as typeof import('yaml');
const jsonc = (): typeof import('jsonc-parser') => load('jsonc-parser') as typeof import('jsonc-parser');
const toml = (): typeof import('smol-toml') => load('smol-toml') as typeof import('smol-toml');

/** A parsed node: a scalar, a list or a mapping, with its 0-based line in the block and its note. */
export type Tree =
  | { kind: 'scalar'; value: string | number | boolean | null; line: number; note: string }
  | { kind: 'list'; items: Tree[]; line: number; note: string }
  | { kind: 'map'; entries: TreeEntry[]; line: number; note: string };

/** One `key: value` of a mapping, at the line of its key. */
export interface TreeEntry {
  key: string;
  value: Tree;
  line: number;
}

/** The structured formats a block is parsed as. */
export type TreeFormat = 'yaml' | 'json' | 'toml';

const LANGS: Record<string, TreeFormat> = { yaml: 'yaml', yml: 'yaml', json: 'json', jsonc: 'json', json5: 'json', toml: 'toml' };

/** The format a block is written in: its fence language, else what its first lines look like. */
export function formatOfBlock(lang: string, value: string): TreeFormat | null {
  const named = LANGS[lang];
  if (named) return named;
  if (!['', 'text', 'txt', 'plain', 'conf'].includes(lang)) return null;
  const first = value.split('\n').find((line) => line.trim() !== '' && !/^\s*#/.test(line))?.trim() ?? '';
  if (first.startsWith('{') || first.startsWith('[{') || first === '[') return 'json';
  if (/^\[\[?[\w.-]+\]\]?$/.test(first)) return 'toml';
  return /^(- )?[\w.-]+:(\s|$)/.test(first) ? 'yaml' : null;
}

/** Parses a block into one tree per document (YAML may hold several); null when it does not parse. */
export function parseBlockTrees(format: TreeFormat, value: string): Tree[] | null {
  try {
    if (format === 'yaml') return fromYaml(value);
    if (format === 'json') return fromJson(value);
    return [fromPlain(toml().parse(value), value)];
  } catch {
    return null;
  }
}

function fromYaml(value: string): Tree[] | null {
  const { parseAllDocuments, LineCounter } = yaml();
  const counter = new LineCounter();
  const docs = parseAllDocuments(value, { lineCounter: counter });
  if (!Array.isArray(docs) || docs.some((doc) => doc.errors.length > 0)) return null;
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 0 : counter.linePos(offset).line - 1);
  return docs.filter((doc) => doc.contents !== null).map((doc) => convertYaml(doc.contents, lineOf));
}

type YamlNode = { range?: [number, number, number] | null; comment?: string | null; commentBefore?: string | null; value?: unknown; items?: unknown[] };

function convertYaml(node: unknown, lineOf: (offset: number | undefined) => number): Tree {
  const { isMap, isSeq, isScalar, isPair, isAlias } = yaml();
  const n = (node ?? {}) as YamlNode;
  const line = lineOf(n.range?.[0]);
  const note = (n.comment ?? '').trim();
  if (isMap(node)) {
    const entries: TreeEntry[] = [];
    for (const pair of n.items ?? []) {
      if (!isPair(pair)) continue;
      const key = pair.key as YamlNode | null;
      const value = convertYaml(pair.value, lineOf);
      // `key:   # comment` over a nested block: the comment is that block's first.
      const before = (pair.value as YamlNode | null)?.commentBefore?.trim();
      if (before && value.kind !== 'scalar' && value.note === '') value.note = before.split('\n')[0] ?? '';
      entries.push({ key: String(isScalar(key) ? key.value : key), value, line: lineOf(key?.range?.[0]) });
    }
    return { kind: 'map', entries, line, note };
  }
  if (isSeq(node)) return { kind: 'list', items: (n.items ?? []).map((item) => convertYaml(item, lineOf)), line, note };
  if (isScalar(node) && !isAlias(node)) return { kind: 'scalar', value: scalarOf(n.value), line, note };
  return { kind: 'scalar', value: null, line, note };
}

function scalarOf(value: unknown): string | number | boolean | null {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return value === null || value === undefined ? null : String(value);
}

function fromJson(value: string): Tree[] | null {
  const errors: ParseError[] = [];
  const root = jsonc().parseTree(value, errors, { allowTrailingComma: true });
  if (!root || errors.length > 0) return null;
  const starts = lineStarts(value);
  const lineOf = (offset: number): number => {
    let line = 0;
    while (line + 1 < starts.length && (starts[line + 1] ?? Infinity) <= offset) line++;
    return line;
  };
  const convert = (node: JsoncNode): Tree => {
    const line = lineOf(node.offset);
    if (node.type === 'object') {
      const entries = (node.children ?? []).flatMap((property) => {
        const [key, child] = property.children ?? [];
        return key && child ? [{ key: String(key.value), value: convert(child), line: lineOf(key.offset) }] : [];
      });
      return { kind: 'map', entries, line, note: '' };
    }
    if (node.type === 'array') return { kind: 'list', items: (node.children ?? []).map(convert), line, note: '' };
    return { kind: 'scalar', value: scalarOf(node.value), line, note: '' };
  };
  return [convert(root)];
}

/** The comment a `key = value  # note` line ends with, outside quotes ('' when none). */
export function noteOf(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) return line.slice(i + 1).trim();
  }
  return '';
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

// A parsed TOML value has no positions: each key is placed at the first line after its parent's
// that names it (`[services.web]`, `web = ...`, `name = "web"`), and its note is that line's comment.
function fromPlain(value: unknown, text: string): Tree {
  const lines = text.split('\n');
  const find = (key: string, from: number): number => {
    const word = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const at = lines.findIndex((line, i) => i >= from && new RegExp(`(^|[\\s."'\\[])${word}(["'\\]\\s=.]|$)`).test(line));
    return at < 0 ? from : at;
  };
  const convert = (item: unknown, line: number): Tree => {
    if (Array.isArray(item)) {
      // `[[worker]]` tables: each item starts at the next line naming its first key.
      let cursor = line;
      const items = item.map((child) => {
        const first = child !== null && typeof child === 'object' && !Array.isArray(child) ? Object.keys(child)[0] : undefined;
        const at = first === undefined ? line : find(first, cursor);
        if (first !== undefined) cursor = at + 1;
        return convert(child, at);
      });
      return { kind: 'list', items, line, note: noteOf(lines[line] ?? '') };
    }
    if (item !== null && typeof item === 'object' && !(item instanceof Date)) {
      const entries = Object.entries(item as Record<string, unknown>).map(([key, child]) => {
        const at = find(key, line);
        return { key, value: convert(child, at), line: at };
      });
      return { kind: 'map', entries, line, note: '' };
    }
    return { kind: 'scalar', value: scalarOf(item instanceof Date ? item.toISOString() : item), line, note: noteOf(lines[line] ?? '') };
  };
  return convert(value, 0);
}
