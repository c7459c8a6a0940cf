/**
 * Reads and edits a config's text in its format (pure). Every edit is checked before it is
 * used: the file re-parses, the field now holds the new value, every other value is unchanged,
 * and only one stretch of one line changed (or lines were only added). Anything else is refused,
 * so healmap escalates instead of rewriting a file it does not fully understand.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ConfigFormat } from '../../map/config-format.js';
import { storesText } from '../../map/config-format.js';
import type { FieldType } from '../../map/types.js';
import type { ConfigCodec, EditedConfig, ParsedConfig } from './config-codec.js';
import { ENV_CODEC } from './env-config.js';
import { INI_CODEC } from './ini-config.js';
import { JSON_CODEC, JSONC_CODEC } from './json-config.js';
import { KEY_VALUE_CODEC } from './key-value-config.js';
import { PROPERTIES_CODEC } from './properties-config.js';
import { TOML_CODEC } from './toml-config.js';
import { YAML_CODEC } from './yaml-config.js';

const CODECS: Record<ConfigFormat, ConfigCodec | null> = {
  json: JSON_CODEC, jsonc: JSONC_CODEC, yaml: YAML_CODEC, toml: TOML_CODEC, ini: INI_CODEC, env: ENV_CODEC, 'key-value': KEY_VALUE_CODEC, properties: PROPERTIES_CODEC, opaque: null,
};

const BOM = '\uFEFF';

/** Parses a config's text in its format; a UTF-8 byte order mark is accepted. */
export function parseConfigText(format: ConfigFormat, text: string): ParsedConfig {
  const codec = CODECS[format];
  if (!codec) return { ok: false, error: { message: `healmap does not read the ${format} format`, line: 1, column: 1 } };
  return codec.parse(text.startsWith(BOM) ? text.slice(1) : text);
}

/** Where a field lives: a top-level key named exactly so, else its dotted parts (`server.port`). */
export function fieldPath(value: unknown, name: string, format: ConfigFormat): string[] {
  if (CODECS[format]?.flat || !name.includes('.')) return [name];
  if (isRecord(value) && Object.prototype.hasOwnProperty.call(value, name)) return [name];
  return name.split('.');
}

/** A field's value in a parsed config (dotted names nest), read by its declared type in text formats. */
export function readField(value: unknown, name: string, format: ConfigFormat, type: FieldType | null): { present: boolean; value: unknown } {
  let node: unknown = value;
  for (const key of fieldPath(value, name, format)) {
    if (!isRecord(node) || !Object.prototype.hasOwnProperty.call(node, key)) return { present: false, value: undefined };
    node = node[key];
  }
  return { present: true, value: storesText(format) ? typedValue(node, type) : node };
}

/** Reads a text value (`6379`, `yes`) as the declared type; anything else stays as it is. */
export function typedValue(value: unknown, type: FieldType | null): unknown {
  if (typeof value === 'boolean' && type === 'string') return String(value);
  if (typeof value !== 'string') return value;
  if ((type === 'number' || type === 'integer') && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.trim())) return Number(value);
  if (type === 'boolean') {
    const lower = value.trim().toLowerCase();
    if (['true', 'yes', 'on'].includes(lower)) return true;
    if (['false', 'no', 'off'].includes(lower)) return false;
  }
  return value;
}

/** The text of a new config holding only the given fields. */
export function newConfigText(format: ConfigFormat, fields: { name: string; value: unknown }[]): EditedConfig {
  const codec = CODECS[format];
  if (!codec) return { ok: false, reason: `healmap does not write the ${format} format` };
  if (format === 'json' || format === 'jsonc') {
    const value: Record<string, unknown> = {};
    for (const field of fields) setPath(value, fieldPath(value, field.name, format), field.value);
    return { ok: true, text: `${JSON.stringify(value, null, 2)}\n` };
  }
  let text = codec.empty;
  for (const field of fields) {
    const edited = setConfigField(format, text, field.name, field.value);
    if (!edited.ok) return edited;
    text = edited.text;
  }
  return { ok: true, text };
}

/** Sets one field by a minimal, checked text edit; the byte order mark, if any, is kept. */
export function setConfigField(format: ConfigFormat, text: string, name: string, value: unknown): EditedConfig {
  const codec = CODECS[format];
  if (!codec) return { ok: false, reason: `healmap does not edit the ${format} format` };
  const bom = text.startsWith(BOM) ? BOM : '';
  const body = bom ? text.slice(1) : text;
  const before = codec.parse(body);
  if (!before.ok) return { ok: false, reason: 'the file does not parse' };
  const path = fieldPath(before.value, name, format);
  const edited = codec.setField(body, path, value);
  if (!edited.ok) return edited;
  const problem = checkEdit(codec, body, edited.text, before.value, path, value, format);
  return problem ? { ok: false, reason: problem } : { ok: true, text: bom + edited.text };
}

// Why an edit changed more than the one field, or null when it did not.
function checkEdit(codec: ConfigCodec, before: string, after: string, beforeValue: unknown, path: string[], value: unknown, format: ConfigFormat): string | null {
  const parsed = codec.parse(after);
  if (!parsed.ok) return `the edited file would not parse (${parsed.error.message})`;
  const now = readField(parsed.value, path.join('.'), format, null);
  const expected = storesText(format) ? String(typedValue(value, null)) : value;
  const got = storesText(format) && typeof now.value !== 'string' ? String(now.value) : now.value;
  const sameValue = isDeepStrictEqual(got, expected) || (storesText(format) && typedValue(String(got), typeOf(value)) === value);
  if (!now.present || !sameValue) return `the edit would not set \`${path.join('.')}\` as intended`;
  if (!isDeepStrictEqual(withoutPath(beforeValue, path), withoutPath(parsed.value, path))) return 'the edit would change other values';
  let start = 0;
  while (start < before.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  if (before.slice(start, before.length - end).includes('\n')) return 'the edit would rewrite more than one line';
  return null;
}

function typeOf(value: unknown): FieldType | null {
  return typeof value === 'boolean' ? 'boolean' : typeof value === 'number' ? 'number' : typeof value === 'string' ? 'string' : null;
}

// A deep copy of a parsed config without the value at `path` (and without parents it alone created).
function withoutPath(value: unknown, path: string[]): unknown {
  if (!isRecord(value) || path.length === 0) return value;
  const [key, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> = { ...value };
  if (!Object.prototype.hasOwnProperty.call(copy, key)) return copy;
  if (rest.length === 0) {
    delete copy[key];
    return copy;
  }
  const inner = withoutPath(copy[key], rest);
  if (isRecord(inner) && Object.keys(inner).length === 0 && !(isRecord(value[key]) && Object.keys(value[key] as object).length === 0)) delete copy[key];
  else copy[key] = inner;
  return copy;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isRecord(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
