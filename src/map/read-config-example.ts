/**
 * Reads the example config file a map pastes in a code block (INI, TOML, YAML, JSON, .env): each
 * scalar key is a field whose default is the value shown and whose type is that value's type; a
 * comment on its line (`# required, 1..1000`) is read as a field description. Nested keys are
 * dotted (`qc.min_depth`). Blocks that do not parse are not fields.
 */
import { createRequire } from 'node:module';
import type { ParseError } from 'jsonc-parser';
import type { RawConfigField } from './collect-entries.js';
import { looksLikeFieldText, readFieldText } from './read-field-text.js';

// Parsers are loaded at their first use (a CommonJS require keeps these functions synchronous),
// so reading a map whose code blocks do not need one does not pay for loading it.
const load = createRequire(import.meta.url);
const dotenv = (): typeof import('dotenv') => load('dotenv') as typeof import('dotenv');
const ini = (): typeof import('ini') => load('ini') as typeof import('ini');
const jsonc = (): typeof import('jsonc-parser') => load('jsonc-parser') as typeof import('jsonc-parser');
const toml = (): typeof import('smol-toml') => load('smol-toml') as typeof import('smol-toml');
const yaml = (): typeof import('yaml') => load('yaml') as typeof import('yaml');

/** One field an example shows: its dotted name, and the table keys (type, default, range, required) as text. */
export interface ExampleField {
  name: string;
  keys: [string, string][];
}

type Format = 'ini' | 'toml' | 'yaml' | 'json' | 'env';

/** The fields of an example config block for `configPath`, or null when the block is not one. */
export function readConfigExample(lang: string, value: string, configPath: string): ExampleField[] | null {
  const format = formatOf(lang, configPath);
  if (format === null) return null;
  let parsed: unknown;
  try {
    parsed = parseAs(format, value);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const comments = lineComments(value);
  const fields: ExampleField[] = [];
  const walk = (object: Record<string, unknown>, prefix: string): void => {
    for (const [key, item] of Object.entries(object)) {
      const name = `${prefix}${key}`;
      if (item !== null && typeof item === 'object' && !Array.isArray(item)) walk(item as Record<string, unknown>, `${name}.`);
      else if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') fields.push({ name, keys: keysOf(item, format, comments.get(key)) });
    }
  };
  walk(parsed as Record<string, unknown>, '');
  return fields.length > 0 ? fields : null;
}

// The block's format: its language if it names one, else the config's extension; never a
// block whose language contradicts the config's extension (a compose file under a TOML config).
function formatOf(lang: string, configPath: string): Format | null {
  const named = ({ ini: 'ini', dosini: 'ini', cfg: 'ini', toml: 'toml', yaml: 'yaml', yml: 'yaml', json: 'json', jsonc: 'json', json5: 'json', env: 'env', dotenv: 'env' } as Record<string, Format>)[lang];
  const byPath = formatOfPath(configPath);
  if (named !== undefined) return byPath === null || byPath === named ? named : null;
  // A .env file is shell assignments, so teams show it in a `sh` or `bash` block.
  if (byPath === 'env' && ['sh', 'bash', 'shell', 'zsh'].includes(lang)) return 'env';
  return lang === '' || lang === 'text' ? byPath : null;
}

function formatOfPath(configPath: string): Format | null {
  const ext = /\.(ini|cfg|toml|ya?ml|jsonc?|env)$|(^|\/)\.env(\.[\w-]+)?$/i.exec(configPath);
  if (!ext) return null;
  const word = (ext[1] ?? 'env').toLowerCase();
  return word === 'cfg' ? 'ini' : word === 'yml' ? 'yaml' : word === 'jsonc' ? 'json' : (word as Format);
}

function parseAs(format: Format, value: string): unknown {
  if (format === 'yaml') return yaml().parse(value);
  if (format === 'toml') return toml().parse(value);
  if (format === 'ini') return ini().parse(value);
  if (format === 'env') return dotenv().parse(value);
  const errors: ParseError[] = [];
  const parsed: unknown = jsonc().parse(value, errors);
  if (errors.length > 0) throw new Error('not JSON');
  return parsed;
}

// INI and .env hold every value as text: a number or a boolean there is read as one.
function keysOf(item: string | number | boolean, format: Format, comment: string | undefined): [string, string][] {
  const textual = format === 'ini' || format === 'env';
  const value = textual && typeof item === 'string' ? reviveText(item) : item;
  const type = typeof value === 'boolean' ? 'boolean' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : 'string';
  const noted = comment && looksLikeFieldText(comment) || (comment && /\d\s*(\.\.|–|—|\bto\b)\s*-?\d/.test(comment)) ? readFieldText(comment, { line: 1, column: 1 }, null) : null;
  // A comment that states the type (`type: number` over `temp = 24`) says more than the sample value.
  const stated = comment !== undefined && /\btype\s*[:=]?\s*[a-z]/i.test(comment) ? noted?.get('type')?.text : undefined;
  const keys: [string, string][] = [['type', stated ?? type], ['default', typeof value === 'string' ? JSON.stringify(value) : String(value)]];
  for (const key of ['range', 'required']) {
    const text = noted?.get(key)?.text;
    if (text !== undefined) keys.push([key, text]);
  }
  // Showing a key in an example does not make it required.
  if (!keys.some(([k]) => k === 'required')) keys.push(['required', 'no']);
  return keys;
}

function reviveText(text: string): string | number | boolean {
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

// `key = 30   # required, 1..1000`: the comment each key's line carries, by the key's last part,
// after the comment lines right above it (`; type: number, REQUIRED, allowed 5..40`).
function lineComments(value: string): Map<string, string> {
  const comments = new Map<string, string>();
  let above: string[] = [];
  for (const line of value.split('\n')) {
    const comment = /^\s*(?:#|;|\/\/)\s?(.*)$/.exec(line);
    if (comment) {
      above.push((comment[1] ?? '').trim());
      continue;
    }
    const m = /^\s*"?([\w.-]+)"?\s*[:=]/.exec(line);
    const inline = m ? /^[^#]*?\s(?:#|\/\/)\s*(.+)$/.exec(line.slice(m[0].length))?.[1] : undefined;
    const text = [...above, inline ?? ''].join(' ').trim();
    if (m?.[1] && text !== '') comments.set(m[1].split('.').pop() ?? m[1], text);
    above = [];
  }
  return comments;
}

/**
 * Files example fields into the raw map: a field the map also describes (by name, or by the
 * last part of a dotted name) only gains the keys its description leaves out; others are added.
 */
export function mergeExampleFields(fields: RawConfigField[], examples: RawConfigField[]): void {
  for (const example of examples) {
    const leaf = example.name.text.split('.').pop() ?? example.name.text;
    const described = fields.find((f) => f.configPath.text === example.configPath.text && (f.name.text === example.name.text || f.name.text === leaf || example.name.text.endsWith(`.${f.name.text}`)));
    if (!described) {
      fields.push(example);
      continue;
    }
    for (const [key, value] of example.values) {
      if (key !== 'required' && !described.values.has(key) && !described.values.has('spec')) described.values.set(key, value);
    }
  }
}
