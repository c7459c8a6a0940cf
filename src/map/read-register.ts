/**
 * Reads registers written as plain key/value lines, the way controlled documents and terminal
 * output list things: a name line (`3.1  collector`) followed by lines whose key is separated from
 * its value by dot leaders (`Start command ....... python -m collector`), a colon, or a run of
 * spaces (`Port        8090`). A line without a key continues the value above it. Also reads
 * plain-text tables drawn with a dashed rule under their header (`------  ----`), cell by column.
 */
import type { PlacedText } from './blocks.js';
import type { Place } from './types.js';
import { isPathLike } from './read-text.js';

/** One entry of a register: its name, and its keys and values in order, each with its line offset. */
export interface RegisterEntry {
  name: string;
  /** Line offset of the name inside the text (0-based). */
  line: number;
  pairs: { key: string; value: string; line: number }[];
}

// Free-form matching stops at this line length: no key/value line or table row is longer.
const MAX_LINE_CHARS = 2000;
// `Start command ....... value`, `Port: 8090`, `Port        8090`: a short key, then a separator.
const KEY_VALUE = /^([A-Za-z][A-Za-z0-9 _/()-]{0,40}?)(?:\s*(?:\.{2,}|…+)\s*|\s*:\s+|\s{2,}|\t+)(\S.*)$/;
// `3.1  collector`, `C-01 scorer`, `collector`, `[collector]`: an optional number, then one name.
const NAME_LINE = /^(?:(?:\d+(?:\.\d+)*[.)]?|[A-Z]{1,4}-\d{1,4})\s+)?\[?([A-Za-z][\w.-]{0,63})\]?:?$/;

/** The key and value of one line, or null when the line has no key (a continuation or prose). */
export function splitKeyValue(line: string): { key: string; value: string } | null {
  if (line.length > MAX_LINE_CHARS) return null;
  const m = KEY_VALUE.exec(line.trim());
  if (!m?.[1] || !m[2]) return null;
  const key = m[1].trim();
  // Prose has many words before its first gap; a key has at most four.
  if (key.split(/\s+/).length > 4) return null;
  return { key, value: m[2].trim() };
}

/** The name a line consists of (`3.1  collector` is `collector`), or null. */
export function nameOfLine(line: string): string | null {
  if (line.length > 100) return null;
  return NAME_LINE.exec(line.trim())?.[1] ?? null;
}

/**
 * The entries of a register text: each starts at a name line and takes the key/value lines after
 * it; `isKey` says which keys count. An entry needs two known keys to count, so prose with a
 * colon is never a register.
 */
export function readRegister(text: string, isKey: (key: string) => boolean): RegisterEntry[] {
  const entries: RegisterEntry[] = [];
  let current: RegisterEntry | null = null;
  let known = 0;
  const close = (): void => {
    if (current && known >= 2) entries.push(current);
    current = null;
    known = 0;
  };
  for (const [index, raw] of text.split('\n').entries()) {
    if (raw.trim() === '' || raw.length > MAX_LINE_CHARS) continue;
    const pair = splitKeyValue(raw);
    const name = nameOfLine(raw);
    // A lone path under a value (`Inputs .... a.parquet` / `b.env`) continues it; it names no entry.
    const continues = current !== null && current.pairs.length > 0 && isPathLike(raw.trim());
    if (name && !continues && !(pair && isKey(pair.key))) {
      close();
      current = { name, line: index, pairs: [] };
    } else if (!current) {
      continue;
    } else if (pair && !continues) {
      current.pairs.push({ key: pair.key, value: pair.value, line: index });
      if (isKey(pair.key)) known++;
    } else {
      const last = current.pairs[current.pairs.length - 1];
      if (last) last.value = `${last.value}, ${raw.trim()}`;
    }
  }
  close();
  return entries;
}

/**
 * The rows of a plain-text table whose header is underlined by dashed runs (`-----  ----`), cut at
 * the columns the dashes mark; null when the text has no such table. Places are in the map.
 */
export function readRuledTable(text: string, place: (line: number, column: number) => Place): PlacedText[][] | null {
  const lines = text.split('\n');
  const ruleIndex = lines.findIndex((l) => l.length <= MAX_LINE_CHARS && /^\s*-{2,}(?:[ \t]+-{2,})+\s*$/.test(l));
  if (ruleIndex < 1) return null;
  const rule = lines[ruleIndex] ?? '';
  const columns = [...rule.matchAll(/-+/g)].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
  const cut = (line: string, index: number): PlacedText[] =>
    columns.map((column, i) => {
      const start = column.start;
      const end = i + 1 < columns.length ? (columns[i + 1]?.start ?? line.length) : line.length;
      return { text: line.slice(start, end).trim(), place: place(index, start + 1) };
    });
  const headerIndex = ruleIndex - 1;
  const rows = [cut(lines[headerIndex] ?? '', headerIndex)];
  for (let index = ruleIndex + 1; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '') break;
    if (line.length > MAX_LINE_CHARS) continue;
    rows.push(cut(line, index));
  }
  return rows.length > 1 ? rows : null;
}
