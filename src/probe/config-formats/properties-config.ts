import { createRequire } from 'node:module';
import type { Pair } from 'dot-properties';
import type { ConfigCodec, EditedConfig, ParsedConfig } from './config-codec.js';
import { setLineField, type LineEntry } from './line-entries.js';

// Loaded at its first use (a CommonJS require keeps these functions synchronous).
const load = createRequire(import.meta.url);
const dotProperties = (): typeof import('dot-properties') => load('dot-properties') as typeof import('dot-properties');

/**
 * Java `.properties` files (gatk.properties, planner.properties): `key=value`, `key: value` and
 * `key value` lines, `#`/`!` comments, `\` line continuations and escapes, read by dot-properties.
 * Keys do not nest: `planner.horizon.hours` is one key. One value is edited by a minimal text edit
 * that keeps comments and layout; a value continued over lines is left alone.
 */
export const PROPERTIES_CODEC: ConfigCodec = { parse: parseProperties, setField: setPropertiesField, empty: '', flat: true };

function parseProperties(text: string): ParsedConfig {
  // Every line of a .properties file means something to Java's reader: there is no syntax error.
  return { ok: true, value: dotProperties().parse(text) as unknown };
}

// A value as Java's Properties.load reads it back: backslashes, control characters and a leading
// blank escaped, and anything past ASCII as \uXXXX (Java 8 reads the file as ISO 8859-1).
function propertiesValue(value: unknown): string {
  let out = '';
  for (const char of String(value)) {
    if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char < ' ' || char > '~') for (let i = 0; i < char.length; i++) out += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return out.replace(/^ /, '\\ ');
}

function setPropertiesField(text: string, path: string[], value: unknown): EditedConfig {
  const entries: LineEntry[] = [];
  // Lines are counted as the pairs come, in order (each newline once).
  let line = 1;
  let counted = 0;
  for (const node of dotProperties().parseLines(text, true)) {
    if (node.type !== 'PAIR' || node.range.length !== 4) continue;
    const { key, range: [keyStart, keyEnd, valueStart, valueEnd] } = node as Pair & { range: [number, number, number, number] };
    // A key with no separator (`flag`) has nowhere to put a value without rewriting its line.
    const separated = /[=:\s]/.test(text.slice(keyEnd, valueStart));
    for (let i = text.indexOf('\n', counted); i !== -1 && i < keyStart; i = text.indexOf('\n', i + 1)) line++;
    counted = keyStart;
    const refusal = separated ? undefined : `\`${key}\` is a bare key (no \`=\`, \`:\` or value after it, so Java reads it as empty); healmap does not rewrite the line around it`;
    entries.push({ path: [key], valueStart, valueEnd, editable: separated && !text.slice(valueStart, valueEnd).includes('\n'), line, ...(refusal ? { refusal } : {}) });
  }
  return setLineField(text, { entries, sections: [], rootInsertAt: null }, [path.join('.')], propertiesValue(value), { keyLine: (key, v) => `${key.join('.')}=${v}`, header: null });
}
