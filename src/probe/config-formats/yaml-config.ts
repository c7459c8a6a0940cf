import { createRequire } from 'node:module';
import type { Document, Node as YamlNode } from 'yaml';
import { appendLine, endOfLine, eolOf, startOfLine, type ConfigCodec, type EditedConfig, type ParsedConfig } from './config-codec.js';

// Third-party parsers are loaded at their first use (a CommonJS require keeps these functions
// synchronous), so a command whose map never needs one does not pay for loading it.
const load = createRequire(import.meta.url);
const yaml = (): typeof import('yaml') => load('yaml') as typeof import('yaml');

/** YAML (`.yaml`, `.yml`): parsed with `yaml`, edited by splicing one scalar's text or adding one line. */
export const YAML_CODEC: ConfigCodec = { parse: parseYaml, setField: setYamlField, empty: '', flat: false };

function read(text: string): Document.Parsed {
  // Duplicate keys are tolerated, as most YAML readers do; editing one is refused below.
  return yaml().parseDocument(text, { uniqueKeys: false, prettyErrors: false });
}

function parseYaml(text: string): ParsedConfig {
  const doc = read(text);
  const first = doc.errors[0];
  if (first) {
    const at = first.linePos?.[0];
    return { ok: false, error: { message: first.message.split('\n')[0] ?? first.message, line: at?.line ?? 1, column: at?.col ?? 1 } };
  }
  const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  return { ok: true, value: value === null && text.trim() === '' ? {} : value };
}

/** A scalar as YAML flow text: JSON's spelling, which YAML reads the same. */
function scalarText(value: unknown): string {
  return JSON.stringify(value);
}

function keyText(key: string): string {
  return /^[A-Za-z_][\w-]*$/.test(key) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(key) ? key : JSON.stringify(key);
}

function setYamlField(text: string, path: string[], value: unknown): EditedConfig {
  const doc = read(text);
  if (doc.errors.length > 0) return { ok: false, reason: 'the file does not parse' };
  const existing = doc.getIn(path, true) as YamlNode | undefined;
  if (existing !== undefined) {
    if (yaml().isAlias(existing) || !yaml().isScalar(existing)) return { ok: false, reason: `\`${path.join('.')}\` is not a plain value` };
    if (existing.anchor || existing.tag || existing.type === 'BLOCK_LITERAL' || existing.type === 'BLOCK_FOLDED' || !existing.range) {
      return { ok: false, reason: `\`${path.join('.')}\` has an anchor, tag or block text` };
    }
    const parent = doc.getIn(path.slice(0, -1), true) as YamlNode | undefined;
    const parentMap = path.length === 1 ? doc.contents : parent;
    if (yaml().isMap(parentMap) && parentMap.items.filter((p) => yaml().isScalar(p.key) && String(p.key.value) === path[path.length - 1]).length > 1) {
      return { ok: false, reason: `\`${path.join('.')}\` appears more than once; which one counts depends on the reader` };
    }
    const [start, end] = existing.range;
    return { ok: true, text: `${text.slice(0, start)}${scalarText(value)}${text.slice(end)}` };
  }
  // The deepest block map on the path that exists; the missing keys go on new lines inside it.
  let depth = path.length - 1;
  let parent: unknown;
  for (; depth >= 0; depth--) {
    parent = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (parent !== undefined) break;
  }
  const missing = path.slice(depth);
  const eol = eolOf(text);
  const lines = (indent: string, step: string): string =>
    missing.map((key, i) => `${indent}${step.repeat(i)}${keyText(key)}:${i === missing.length - 1 ? ` ${scalarText(value)}` : ''}`).join(eol);
  if (depth === 0 && (parent === null || parent === undefined) && text.trim().replace(/^(#.*\s*)*/, '') === '') {
    return { ok: true, text: appendLine(text, lines('', '  ')) };
  }
  if (!yaml().isMap(parent) || parent.flow || parent.items.length === 0) return { ok: false, reason: `\`${path.slice(0, depth).join('.') || 'the document'}\` is not a block map healmap can add a line to` };
  const firstKey = parent.items[0]?.key as YamlNode | undefined;
  const lastPair = parent.items[parent.items.length - 1];
  const lastEnd = ((lastPair?.value as YamlNode | null)?.range ?? (lastPair?.key as YamlNode | null)?.range)?.[1];
  if (!firstKey?.range || lastEnd === undefined) return { ok: false, reason: 'cannot place the new line' };
  const indent = text.slice(startOfLine(text, firstKey.range[0]), firstKey.range[0]);
  if (!/^[ ]*$/.test(indent)) return { ok: false, reason: 'the map sits in a sequence item or uses tabs' };
  const at = endOfLine(text, Math.max(lastEnd - 1, 0));
  const insertion = lines(indent, '  ');
  if (at >= text.length) return { ok: true, text: appendLine(text, insertion) };
  return { ok: true, text: `${text.slice(0, at)}${eol}${insertion}${text.slice(at)}` };
}
