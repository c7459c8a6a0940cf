/** Where and why a config does not parse. */
export interface ConfigParseError {
  message: string;
  line: number;
  column: number;
}

/** A config's text read as a value, or where it does not parse. */
export type ParsedConfig = { ok: true; value: unknown } | { ok: false; error: ConfigParseError };

/** A config's text with one field changed, or why healmap will not change it. */
export type EditedConfig = { ok: true; text: string } | { ok: false; reason: string; /** The 1-based line the refusal is about, when it is about one line. */ line?: number };

/** A refused edit's reason, with `path:line:` in front when it is about one line of the file. */
export function describeRefusal(path: string, edited: { reason: string; line?: number }): string {
  return edited.line === undefined ? edited.reason : `${path}:${edited.line}: ${edited.reason}`;
}

/**
 * How healmap reads and edits one config format: parse for validation, and set one field by a
 * minimal text edit that keeps every other byte (comments, layout, number spelling, order).
 */
export interface ConfigCodec {
  parse(text: string): ParsedConfig;
  /** Sets the field at `path` (keys from the root) to `value`, adding it when missing. */
  setField(text: string, path: string[], value: unknown): EditedConfig;
  /** The text of a new, empty config of this format. */
  empty: string;
  /** True when keys do not nest (`.env`, `key value`): a dotted name is one key. */
  flat: boolean;
}

/** Turns an offset in `text` into a 1-based line and column. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length))).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

/** The end of the line holding `offset` (the index of its newline, or the text's length). */
export function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline;
}

/** The start of the line holding `offset`. */
export function startOfLine(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The leading whitespace of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const start = startOfLine(text, offset);
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/** The line ending a text uses (`\r\n` when its first line ends so). */
export function eolOf(text: string): string {
  const newline = text.indexOf('\n');
  return newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
}

/** Appends a line at the end of a text, on a line of its own. */
export function appendLine(text: string, line: string): string {
  const eol = eolOf(text);
  const base = text === '' || text.endsWith('\n') ? text : `${text}${eol}`;
  return `${base}${line}${eol}`;
}
