import type { ConfigCodec, EditedConfig, ParsedConfig } from './config-codec.js';
import { linesOf, setLineField, valueEndOnLine, type LineEntry } from './line-entries.js';

/**
 * `key value` files such as redis.conf: one directive per line, `#` comments. No library reads
 * them well, so this small reader does; a repeated key's last line wins, as in redis.
 */
// `key=value` lines (bitcoin.conf, sysctl.conf) beside `key value` ones (redis.conf): a first word
// followed by `=` is a key; redis directives never start so.
const ASSIGNMENT = /^\s*([^\s=#]+)\s*=\s*(.*)$/;

export const KEY_VALUE_CODEC: ConfigCodec = { parse: parseKeyValue, setField: setKeyValueField, empty: '', flat: true };

function parseKeyValue(text: string): ParsedConfig {
  const value: Record<string, string> = {};
  for (const [index, { line }] of linesOf(text).entries()) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    // Blocks (`server {`) mean another format, one healmap must not edit as lines.
    if (/[{}]\s*$/.test(trimmed) || /^[{}]/.test(trimmed)) {
      return { ok: false, error: { message: 'Expected `key value` lines, got a block with `{`/`}`', line: index + 1, column: line.search(/[{}]/) + 1 } };
    }
    const match = ASSIGNMENT.exec(line) ?? /^\s*(\S+)\s*(.*)$/.exec(line);
    const key = match?.[1] ?? '';
    const raw = (match?.[2] ?? '').trim();
    const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(raw) ?? /^'([^']*)'$/.exec(raw);
    if (/^["']/.test(raw) && !quoted && !/^(["']).*\1\s/.test(raw)) {
      return { ok: false, error: { message: 'Unbalanced quotes', line: index + 1, column: line.indexOf(raw) + 1 } };
    }
    value[key] = quoted ? (raw.startsWith('"') ? (JSON.parse(raw) as string) : (quoted[1] ?? '')) : raw;
  }
  return { ok: true, value };
}

function keyValueText(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const text = String(value);
  return text !== '' && /^[^\s"'#]+$/.test(text) ? text : JSON.stringify(text);
}

function setKeyValueField(text: string, path: string[], value: unknown): EditedConfig {
  const entries: LineEntry[] = [];
  let assigns = false;
  for (const { line, start } of linesOf(text)) {
    const match = /^(\s*)([^\s=#][^\s=]*)(\s*=\s*)/.exec(line) ?? /^(\s*)([^\s#]\S*)(\s*)/.exec(line);
    if (!match?.[2]) continue;
    if (match[3]?.includes('=')) assigns = true;
    const valueStart = match[0].length;
    const quoted = line[valueStart] === '"' || line[valueStart] === "'";
    const quoteEnd = quoted ? valueEndOnLine(line, valueStart, '') : null;
    // A single quoted argument is edited as a whole; several arguments (`save 900 1`) are one value.
    const end = quoteEnd !== null && line.slice(quoteEnd).trim() === '' ? quoteEnd : line.trimEnd().length;
    entries.push({ path: [match[2]], valueStart: start + valueStart, valueEnd: start + Math.max(end, valueStart), editable: match[3] !== '' });
  }
  return setLineField(text, { entries, sections: [], rootInsertAt: null }, [path.join('.')], keyValueText(value), {
    keyLine: (key, v) => `${key.join('.')}${assigns ? '=' : ' '}${v}`,
    header: null,
    ignoreCase: true,
  });
}
