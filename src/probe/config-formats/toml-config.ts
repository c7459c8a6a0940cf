import { createRequire } from 'node:module';
import type { ConfigCodec, EditedConfig, ParsedConfig } from './config-codec.js';
import { linesOf, setLineField, valueEndOnLine, type LineEntry, type LineSection, type ScannedLines } from './line-entries.js';

// Third-party parsers are loaded at their first use (a CommonJS require keeps these functions
// synchronous), so a command whose map never needs one does not pay for loading it.
const load = createRequire(import.meta.url);
const toml = (): typeof import('smol-toml') => load('smol-toml') as typeof import('smol-toml');

/** TOML (`.toml`): parsed with smol-toml, edited one `key = value` line at a time. */
export const TOML_CODEC: ConfigCodec = { parse: parseToml, setField: setTomlField, empty: '', flat: false };

function parseToml(text: string): ParsedConfig {
  try {
    return { ok: true, value: toml().parse(text) as unknown };
  } catch (error) {
    if (!(error instanceof toml().TomlError)) throw error;
    return { ok: false, error: { message: error.message.split('\n')[0] ?? error.message, line: error.line, column: error.column } };
  }
}

function setTomlField(text: string, path: string[], value: unknown): EditedConfig {
  return setLineField(text, scanToml(text), path, tomlValue(value), {
    keyLine: (key, valueText) => `${key.map(tomlKey).join('.')} = ${valueText}`,
    header: (section) => `[${section.map(tomlKey).join('.')}]`,
  });
}

function tomlValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

// Reads a dotted key (`a."b.c".d`) from the start of `text`; returns its parts and length.
function readKey(text: string): { parts: string[]; length: number } | null {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    const rest = text.slice(i);
    const bare = /^[A-Za-z0-9_-]+/.exec(rest);
    const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(rest) ?? /^'([^']*)'/.exec(rest);
    if (bare) {
      parts.push(bare[0]);
      i += bare[0].length;
    } else if (quoted) {
      parts.push(quoted[0].startsWith('"') ? (JSON.parse(quoted[0]) as string) : (quoted[1] ?? ''));
      i += quoted[0].length;
    } else {
      return null;
    }
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] !== '.') return { parts, length: i };
    i++;
  }
}

function scanToml(text: string): ScannedLines {
  const entries: LineEntry[] = [];
  const sections: LineSection[] = [];
  let rootInsertAt: number | null = null;
  let section: LineSection | null = null;
  let lastEntryNext = 0;
  let skipUntil = -1;
  for (const { line, start, next } of linesOf(text)) {
    if (start < skipUntil) continue;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const header = /^\s*(\[\[?)(.*?)\]\]?\s*(#.*)?$/.exec(line);
    if (header && !/^\s*[A-Za-z0-9_"'.-]+\s*=/.test(line)) {
      if (section === null) rootInsertAt = lastEntryNext > 0 ? lastEntryNext : start;
      const key = readKey(header[2] ?? '');
      section = { path: key?.parts ?? [`\0${header[2]}`], insertAt: next, repeated: header[1] === '[[' };
      sections.push(section);
      continue;
    }
    const key = readKey(line);
    const equals = key ? line.indexOf('=', key.length) : -1;
    if (!key || equals !== key.length) continue;
    let valueStart = equals + 1;
    while (line[valueStart] === ' ' || line[valueStart] === '\t') valueStart++;
    const opens = line.slice(valueStart, valueStart + 3);
    const multiLine = opens === '"""' || opens === "'''";
    const end = multiLine || line[valueStart] === '[' || line[valueStart] === '{' ? null : valueEndOnLine(line, valueStart, '#');
    if (multiLine || line[valueStart] === '[' || line[valueStart] === '{') skipUntil = continuationEnd(text, start + valueStart, multiLine ? opens : null);
    entries.push({ path: [...(section?.path ?? []), ...key.parts], valueStart: start + valueStart, valueEnd: start + (end ?? line.length), editable: end !== null });
    lastEntryNext = Math.max(next, skipUntil);
    if (section) section.insertAt = lastEntryNext;
  }
  return { entries, sections, rootInsertAt: section === null ? null : rootInsertAt };
}

// Where a multi-line value that starts at `from` ends: its closing `"""` or its brackets balanced.
function continuationEnd(text: string, from: number, fence: string | null): number {
  if (fence) {
    const close = text.indexOf(fence, from + 3);
    return close === -1 ? text.length : close + 3;
  }
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === '#') i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i) - 1;
    else if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      i = close === -1 ? text.length : close;
    }
    if (depth === 0) return text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i) + 1;
  }
  return text.length;
}
