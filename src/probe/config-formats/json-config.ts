import { createRequire } from 'node:module';
import type { Node, ParseError } from 'jsonc-parser';
import { endOfLine, indentAt, lineColumnAt, type ConfigCodec, type EditedConfig, type ParsedConfig } from './config-codec.js';

// Third-party parsers are loaded at their first use (a CommonJS require keeps these functions
// synchronous), so a command whose map never needs one does not pay for loading it.
const load = createRequire(import.meta.url);
const jsonc = (): typeof import('jsonc-parser') => load('jsonc-parser') as typeof import('jsonc-parser');

/** JSON (`.json`): parsed strictly by the platform, edited in place with jsonc-parser. */
export const JSON_CODEC: ConfigCodec = { parse: parseJson, setField: setJsonField, empty: '{}\n', flat: false };

/** JSON with comments and trailing commas (`.jsonc`, tsconfig-style). */
export const JSONC_CODEC: ConfigCodec = { parse: parseJsonc, setField: setJsonField, empty: '{}\n', flat: false };

function parseJson(text: string): ParsedConfig {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    // V8 says why; jsonc-parser says where (V8's position is missing for some errors).
    const errors: ParseError[] = [];
    jsonc().parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    // V8 may quote the file (`, "…" is not valid JSON`, raw newlines and secrets included) and
    // give an offset; the finding carries line and column instead, on one line.
    const message = (error as Error).message.replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, '')
      .replace(/ (in JSON )?at position \d+.*$/s, '').replace(/ \(line \d+ column \d+\)$/, '')
      .replace(/\n/g, '\\n').replace(/\r/g, '\\r');
    const position = /position (\d+)/.exec((error as Error).message);
    const offset = errors[0]?.offset ?? (position ? Number(position[1]) : text.length);
    return { ok: false, error: { message, ...lineColumnAt(text, offset) } };
  }
}

function parseJsonc(text: string): ParsedConfig {
  const errors: ParseError[] = [];
  const value = jsonc().parse(text, errors, { allowTrailingComma: true, allowEmptyContent: false }) as unknown;
  const first = errors[0];
  if (first) return { ok: false, error: { message: jsonc().printParseErrorCode(first.error), ...lineColumnAt(text, first.offset) } };
  return { ok: true, value };
}

// Replaces an existing value's text, or inserts the property after the object's last one,
// in the style of that one (its indentation, its `": "` spacing, its line).
function setJsonField(text: string, path: string[], value: unknown): EditedConfig {
  const root = jsonc().parseTree(text);
  if (!root || root.type !== 'object') return { ok: false, reason: 'the file is not a JSON object' };
  const existing = jsonc().findNodeAtLocation(root, path);
  const property = existing?.parent;
  if (existing && property) {
    const siblings = property.parent?.children ?? [];
    if (siblings.filter((p) => p.children?.[0]?.value === path[path.length - 1]).length > 1) {
      return { ok: false, reason: `\`${path.join('.')}\` appears more than once; which one counts depends on the reader` };
    }
    if (existing.type === 'object' || existing.type === 'array') return { ok: false, reason: `\`${path.join('.')}\` holds an ${existing.type}, not a value` };
    return { ok: true, text: jsonc().applyEdits(text, jsonc().modify(text, path, value, {})) };
  }
  // The deepest object on the path that exists; the rest of the path is created inside it.
  let depth = path.length - 1;
  let parent: Node | undefined;
  for (; depth >= 0; depth--) {
    parent = depth === 0 ? root : jsonc().findNodeAtLocation(root, path.slice(0, depth));
    if (parent) break;
  }
  if (!parent || parent.type !== 'object') return { ok: false, reason: `\`${path.slice(0, Math.max(depth, 0)).join('.')}\` is not an object` };
  let nested: unknown = value;
  for (let i = path.length - 1; i > depth; i--) nested = { [path[i] as string]: nested };
  const key = path[depth] as string;
  const last = parent.children?.[parent.children.length - 1];
  if (!last) return { ok: true, text: jsonc().applyEdits(text, jsonc().modify(text, path.slice(0, depth + 1), nested, {})) };
  const keyNode = last.children?.[0];
  const valueNode = last.children?.[1];
  const colon = keyNode && valueNode ? text.slice(keyNode.offset + keyNode.length, valueNode.offset) : ': ';
  const end = last.offset + last.length;
  const entry = `${JSON.stringify(key)}${colon}${JSON.stringify(nested)}`;
  const lineEnd = endOfLine(text, end);
  const rest = text.slice(end, lineEnd);
  const closesOnSameLine = parent.offset + parent.length <= lineEnd;
  if (!closesOnSameLine && /^\s*(\/\/.*|\/\*.*\*\/\s*)?\r?$/.test(rest) && onOwnLine(text, last.offset)) {
    // One property per line: a new line with the same indentation, after any comment on the last one.
    const cr = rest.endsWith('\r') ? 1 : 0;
    const eol = cr ? '\r\n' : '\n';
    return { ok: true, text: `${text.slice(0, end)},${rest.slice(0, rest.length - cr)}${eol}${indentAt(text, last.offset)}${entry}${text.slice(lineEnd - cr)}` };
  }
  // All on one line: the separator the file already uses between properties.
  const previous = parent.children?.[parent.children.length - 2];
  const separator = previous ? text.slice(previous.offset + previous.length, last.offset) : colon.endsWith(' ') ? ', ' : ',';
  if (!/^\s*,\s*$/.test(separator)) return { ok: false, reason: 'the object\'s layout is too unusual to add a field safely' };
  return { ok: true, text: `${text.slice(0, end)}${separator}${entry}${text.slice(end)}` };
}

function onOwnLine(text: string, offset: number): boolean {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(start, offset).trim() === '';
}
