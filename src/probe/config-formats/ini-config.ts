import { createRequire } from 'node:module';
import type { ConfigCodec, EditedConfig, ParsedConfig } from './config-codec.js';
import { linesOf, setLineField, valueEndOnLine, type LineEntry, type LineSection, type ScannedLines } from './line-entries.js';

// Third-party parsers are loaded at their first use (a CommonJS require keeps these functions
// synchronous), so a command whose map never needs one does not pay for loading it.
const load = createRequire(import.meta.url);
const ini = (): typeof import('ini') => load('ini') as typeof import('ini');

/** INI (`.ini`, `.cfg`): parsed with `ini`, edited one `key = value` line at a time; `section.key` names nest. */
export const INI_CODEC: ConfigCodec = { parse: parseIni, setField: setIniField, empty: '', flat: false };

function parseIni(text: string): ParsedConfig {
  const bad = linesOf(text).findIndex(({ line }) => /^\s*\[[^\]]*$/.test(line));
  if (bad >= 0) return { ok: false, error: { message: 'Unclosed section header', line: bad + 1, column: 1 } };
  return { ok: true, value: ini().parse(text) as unknown };
}

function setIniField(text: string, path: string[], value: unknown): EditedConfig {
  const scanned = scanIni(text);
  // `[a.b]` is one section named `a.b`, read as nested `a` > `b`: address it either way.
  return setLineField(text, scanned, path, String(value), {
    keyLine: (key, valueText) => `${key.join('.')} = ${valueText}`,
    header: (section) => `[${section.join('.')}]`,
  });
}

function scanIni(text: string): ScannedLines {
  const entries: LineEntry[] = [];
  const sections: LineSection[] = [];
  let section: LineSection | null = null;
  let rootInsertAt: number | null = null;
  let lastEntryNext = 0;
  for (const { line, start, next } of linesOf(text)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) continue;
    const header = /^\s*\[(.*)\]\s*([;#].*)?$/.exec(line);
    if (header) {
      if (section === null) rootInsertAt = lastEntryNext > 0 ? lastEntryNext : start;
      section = { path: (header[1] ?? '').trim().split('.'), insertAt: next, repeated: false };
      sections.push(section);
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) continue;
    const key = line.slice(0, equals).trim();
    if (key.endsWith('[]')) continue;
    let valueStart = equals + 1;
    while (line[valueStart] === ' ' || line[valueStart] === '\t') valueStart++;
    const end = valueEndOnLine(line, valueStart, ';#');
    entries.push({ path: [...(section?.path ?? []), key], valueStart: start + valueStart, valueEnd: start + (end ?? line.length), editable: end !== null });
    lastEntryNext = next;
    if (section) section.insertAt = next;
  }
  return { entries, sections, rootInsertAt: section === null ? null : rootInsertAt };
}
