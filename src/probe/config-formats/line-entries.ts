import { appendLine, eolOf, type EditedConfig } from './config-codec.js';

/** One `key = value` line of a line-oriented config (TOML, INI, .env, `key value`). */
export interface LineEntry {
  /** Full key path: the section's keys, then the line's own. */
  path: string[];
  /** Where the value's text starts and ends (comments and quotes outside it excluded, quotes inside). */
  valueStart: number;
  valueEnd: number;
  /** False when the value may span lines (arrays, multi-line strings): healmap does not edit it. */
  editable: boolean;
  /** Why it is not editable, when that is not a value spanning lines. */
  refusal?: string;
  /** The 1-based line of its key, for refusals. */
  line?: number;
}

/** A `[section]` of a line-oriented config. */
export interface LineSection {
  path: string[];
  /** Where a new line for this section goes: after its last entry, or after its header. */
  insertAt: number;
  /** True for a TOML array of tables (`[[x]]`), whose keys healmap does not address. */
  repeated: boolean;
}

/** What a line scanner found in a config. */
export interface ScannedLines {
  entries: LineEntry[];
  sections: LineSection[];
  /** Where a new top-level key goes (before the first section header). */
  rootInsertAt: number | null;
}

/** How a format writes a new key line and a new section header. */
export interface LineStyle {
  keyLine: (key: string[], valueText: string) => string;
  header: ((path: string[]) => string) | null;
  /** Keys compare without case (`key value` files such as redis.conf). */
  ignoreCase?: boolean;
}

/** Sets one key's value in a line-oriented config: the value's text alone, or one new line. */
export function setLineField(text: string, scanned: ScannedLines, path: string[], valueText: string, style: LineStyle): EditedConfig {
  const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((k, i) => (style.ignoreCase ? k.toLowerCase() === b[i]?.toLowerCase() : k === b[i]));
  const matches = scanned.entries.filter((e) => same(e.path, path));
  if (matches.length > 1) return { ok: false, reason: `\`${path.join('.')}\` appears more than once; which one counts depends on the reader`, ...lineOf(matches[1]) };
  const entry = matches[0];
  if (entry) {
    if (!entry.editable) return { ok: false, reason: entry.refusal ?? `\`${path.join('.')}\` holds a value that may span lines`, ...lineOf(entry) };
    return { ok: true, text: `${text.slice(0, entry.valueStart)}${valueText}${text.slice(entry.valueEnd)}` };
  }
  const eol = eolOf(text);
  // The longest section that is a prefix of the path takes the new key.
  for (let n = path.length - 1; n >= 1; n--) {
    const section = scanned.sections.find((s) => same(s.path, path.slice(0, n)));
    if (!section) continue;
    if (section.repeated) return { ok: false, reason: `\`${path.slice(0, n).join('.')}\` is an array of tables` };
    return { ok: true, text: insertLine(text, section.insertAt, style.keyLine(path.slice(n), valueText), eol) };
  }
  if (path.length === 1 || style.header === null) {
    if (scanned.rootInsertAt !== null) return { ok: true, text: insertLine(text, scanned.rootInsertAt, style.keyLine(path, valueText), eol) };
    return { ok: true, text: appendLine(text, style.keyLine(path, valueText)) };
  }
  // A new section at the end, after a blank line.
  let out = text !== '' && !text.endsWith('\n') ? `${text}${eol}` : text;
  if (out.trim() !== '') out += eol;
  return { ok: true, text: `${out}${style.header(path.slice(0, -1))}${eol}${style.keyLine(path.slice(-1), valueText)}${eol}` };
}

function lineOf(entry: LineEntry | undefined): { line?: number } {
  return entry?.line === undefined ? {} : { line: entry.line };
}

// Inserts `line` as a line of its own starting at `at` (a line start) or after the text's end.
function insertLine(text: string, at: number, line: string, eol: string): string {
  if (at >= text.length) return appendLine(text, line);
  return `${text.slice(0, at)}${line}${eol}${text.slice(at)}`;
}

/** Splits a text into lines with their start offsets (line text excludes the line ending). */
export function linesOf(text: string): { line: string; start: number; next: number }[] {
  const lines: { line: string; start: number; next: number }[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end).replace(/\r$/, '');
    lines.push({ line, start, next: newline === -1 ? text.length : newline + 1 });
    start = end + 1;
  }
  return lines;
}

/**
 * Where a value's text ends on its line: a quoted value at its closing quote, a plain one before
 * a comment (`#`, or `;` when given) that follows whitespace, trailing whitespace excluded.
 * Returns null when a quote is not closed on the line.
 */
export function valueEndOnLine(line: string, from: number, commentChars: string): number | null {
  const quote = line[from];
  if (quote === '"' || quote === "'") {
    for (let i = from + 1; i < line.length; i++) {
      if (quote === '"' && line[i] === '\\') i++;
      else if (line[i] === quote) return i + 1;
    }
    return null;
  }
  let end = line.length;
  for (let i = from; i < line.length; i++) {
    if (commentChars.includes(line[i] as string) && (i === from || /\s/.test(line[i - 1] as string))) {
      end = i;
      break;
    }
  }
  while (end > from && /\s/.test(line[end - 1] as string)) end--;
  return end;
}
