import { createRequire } from 'node:module';
import type { ConfigCodec, EditedConfig, ParsedConfig } from './config-codec.js';
import { linesOf, setLineField, valueEndOnLine, type LineEntry } from './line-entries.js';

// Third-party parsers are loaded at their first use (a CommonJS require keeps these functions
// synchronous), so a command whose map never needs one does not pay for loading it.
const load = createRequire(import.meta.url);
const dotenv = (): typeof import('dotenv') => load('dotenv') as typeof import('dotenv');

/** `.env` files: parsed with dotenv, edited one `KEY=value` line at a time. */
export const ENV_CODEC: ConfigCodec = { parse: parseEnv, setField: setEnvField, empty: '', flat: true };

function parseEnv(text: string): ParsedConfig {
  const bad = linesOf(text).findIndex(({ line }) => line.trim() !== '' && !line.trim().startsWith('#') && !/^\s*(export\s+)?[\w.-]+\s*=/.test(line));
  if (bad >= 0) return { ok: false, error: { message: 'Expected `KEY=value`', line: bad + 1, column: 1 } };
  return { ok: true, value: dotenv().parse(text) as unknown };
}

function envValue(value: unknown): string | null {
  const text = String(value);
  if (/^[\w.,:/@+-]*$/.test(text)) return text;
  return text.includes("'") || text.includes('\n') ? null : `'${text}'`;
}

function setEnvField(text: string, path: string[], value: unknown): EditedConfig {
  const valueText = envValue(value);
  if (valueText === null) return { ok: false, reason: 'the value needs quoting that .env readers disagree on' };
  const entries: LineEntry[] = [];
  for (const { line, start } of linesOf(text)) {
    const match = /^(\s*(?:export\s+)?)([\w.-]+)(\s*=\s*)/.exec(line);
    if (!match?.[2]) continue;
    const valueStart = match[0].length;
    const end = valueEndOnLine(line, valueStart, '#');
    entries.push({ path: [match[2]], valueStart: start + valueStart, valueEnd: start + (end ?? line.length), editable: end !== null });
  }
  return setLineField(text, { entries, sections: [], rootInsertAt: null }, [path.join('.')], valueText, { keyLine: (key, v) => `${key.join('.')}=${v}`, header: null });
}
