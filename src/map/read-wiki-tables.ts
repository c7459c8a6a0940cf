/**
 * MediaWiki tables in a map exported from a wiki (`{| class="wikitable"`, `|-` between rows, `!`
 * header cells, `|` data cells, `||`/`!!` for several on one line, `|}` to close) are read as
 * tables like any other: each becomes a table block with every cell placed where it is written.
 * Markdown would read them as paragraphs of pipes. Their lines are blanked in the text Markdown
 * parses (line count kept, so every other position stays), and their blocks put back in order.
 */
import type { Block, PlacedText } from './blocks.js';

/** A wiki table read from a map: its block, and the first and last map lines it spans. */
export interface WikiTable {
  block: Extract<Block, { type: 'table' }>;
  firstLine: number;
  lastLine: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const OPEN = /^\s*\{\|/;
const CLOSE = /^\s*\|\}/;

/** The wiki tables of a text, and the text with their lines blanked; a table never closed is left as text. */
export function extractWikiTables(text: string): { text: string; tables: WikiTable[] } {
  if (!text.includes('{|')) return { text, tables: [] };
  const lines = text.split('\n');
  const tables: WikiTable[] = [];
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const open = FENCE.exec(line)?.[1];
    if (open && (fence === null || open.startsWith(fence))) fence = fence === null ? open : null;
    if (fence !== null || open || !OPEN.test(line)) continue;
    let end = i + 1;
    while (end < lines.length && !CLOSE.test(lines[end] ?? '')) end++;
    if (end === lines.length) break;
    const rows = readRows(lines, i + 1, end);
    if (rows.length > 0) {
      tables.push({ block: { type: 'table', rows, place: { line: i + 1, column: 1 + (line.length - line.trimStart().length) }, continuesPrevious: false }, firstLine: i + 1, lastLine: end + 1 });
      for (let j = i; j <= end; j++) lines[j] = '';
    }
    i = end;
  }
  return { text: lines.join('\n'), tables };
}

/** The blocks with each wiki table put back before the first block that follows it in the map. */
export function insertWikiTables(blocks: Block[], tables: WikiTable[]): Block[] {
  if (tables.length === 0) return blocks;
  const merged: Block[] = [];
  let next = 0;
  for (const block of blocks) {
    while (next < tables.length && (tables[next]?.firstLine ?? Infinity) < block.place.line) merged.push((tables[next++] as WikiTable).block);
    merged.push(block);
  }
  while (next < tables.length) merged.push((tables[next++] as WikiTable).block);
  return merged;
}

// The rows between `{|` and `|}` (0-based line indexes, end excluded): the first row of `!` cells is the header.
function readRows(lines: string[], from: number, to: number): PlacedText[][] {
  const rows: PlacedText[][] = [];
  let row: PlacedText[] = [];
  let last: PlacedText | null = null;
  const endRow = (): void => {
    if (row.length > 0) rows.push(row);
    row = [];
    last = null;
  };
  for (let i = from; i < to; i++) {
    const line = lines[i] ?? '';
    const indent = line.length - line.trimStart().length;
    const trimmed = line.trim();
    if (trimmed.startsWith('|-')) endRow();
    else if (trimmed.startsWith('|+') || trimmed === '') continue;
    else if (trimmed.startsWith('!') || trimmed.startsWith('|')) {
      const separator = trimmed.startsWith('!') ? /!!|\|\|/g : /\|\|/g;
      for (const [offset, cellText] of splitCells(trimmed.slice(1), separator)) {
        last = placeCell(cellText, i + 1, indent + 2 + offset);
        row.push(last);
      }
    } else if (last !== null) {
      // A cell's text continued on the next line.
      const more = placeCell(trimmed, i + 1, indent + 1);
      last.text = `${last.text} ${more.text}`.trim();
      last.marked = `${last.marked ?? ''} ${more.marked ?? ''}`.trim();
    }
  }
  endRow();
  return rows;
}

// Cells of one line with their offsets after the leading `|` or `!`.
function splitCells(rest: string, separator: RegExp): [number, string][] {
  const cells: [number, string][] = [];
  let start = 0;
  for (const m of rest.matchAll(separator)) {
    cells.push([start, rest.slice(start, m.index)]);
    start = (m.index ?? 0) + m[0].length;
  }
  cells.push([start, rest.slice(start)]);
  return cells;
}

// A cell as written (`style="x" | value` keeps only the value), its wiki markup read: `<code>` and
// `<tt>` as code spans, `'''bold'''` as bold, `[[page|label]]` as its label, `<br>` as a space.
function placeCell(raw: string, line: number, column: number): PlacedText {
  const attributes = /^\s*[\w-]+\s*=\s*(?:"[^"]*"|'[^']*'|\S+)(?:\s+[\w-]+\s*=\s*(?:"[^"]*"|'[^']*'|\S+))*\s*\|(?!\|)/.exec(raw);
  const value = attributes ? raw.slice(attributes[0].length) : raw;
  const lead = value.length - value.trimStart().length + (attributes?.[0].length ?? 0);
  const marked = value.trim()
    .replace(/<(code|tt|kbd|samp)>([\s\S]*?)<\/\1>/gi, (_, _tag: string, code: string) => `\`${decode(code)}\``)
    .replace(/'''(.+?)'''/g, '**$1**')
    .replace(/''(.+?)''/g, '$1')
    .replace(/\[\[(?:[^\]|]*\|)?([^\]]*)\]\]/g, '$1')
    .replace(/\[https?:\/\/\S+\s+([^\]]*)\]/g, '$1')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<\/?[a-z][^>]*>/gi, '');
  const text = decode(marked.replace(/`/g, '').replace(/\*\*/g, '')).trim();
  return { text, marked: decodeOutsideCode(marked).trim(), place: { line, column: column + lead } };
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&');
}

function decodeOutsideCode(marked: string): string {
  return marked.split(/(`[^`]*`)/).map((part) => (part.startsWith('`') ? part : decode(part))).join('');
}
