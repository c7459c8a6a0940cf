/**
 * Splitting a Markdown document into small chunks that parse independently.
 *
 * micromark is superlinear on documents with many list blocks, so a big map is cut at ATX
 * headings outside code fences (a heading always starts a new block, so the cut cannot change
 * what any block means) and long tables are cut into row groups that each repeat the header and
 * delimiter rows. Each chunk remembers which original lines it holds so positions map back.
 *
 * micromark is also very slow on deeply nested lists (3,000 nested bullets took 27 s), and no map
 * needs more than a few levels: indentation outside code fences is capped at MAX_INDENT columns (eight levels),
 * and the columns of capped lines are shifted back when positions are mapped.
 */

import { capNesting } from './cap-nesting.js';

/** A run of original lines: `count` lines starting at 1-based `start`. */
export interface LineSegment {
  start: number;
  count: number;
}

/** A piece of the document to parse on its own. */
export interface MarkdownChunk {
  text: string;
  segments: LineSegment[];
  /** True when the chunk's first table continues the table of the previous chunk. */
  continuesTable: boolean;
  /** Original line -> characters of indentation removed from it (deep nesting capped). */
  columnShifts: [number, number][];
  hasPipe: boolean;
}

const TARGET_CHUNK_CHARS = 4096;
const TABLE_ROWS_PER_CHUNK = 200;
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const TABLE_DELIMITER = /^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const PIPE_ROW = /^ {0,3}\|/;
const MAX_INDENT = 16;
const LEADING_SPACE = /^[ \t]*/;

interface Piece {
  segments: LineSegment[];
  chars: number;
  continuesTable: boolean;
  /** Pieces that must stand alone (table row groups) are never merged with neighbours. */
  alone: boolean;
}

/** Cuts `text` into chunks of bounded size whose separate parses equal the whole parse. */
export function splitMarkdown(text: string): MarkdownChunk[] {
  const lines = text.split('\n');
  const shifts = new Map<number, number>();
  const pieces = cutIntoPieces(lines, shifts);
  return groupPieces(pieces).map((group) => toChunk(lines, group, shifts));
}

function cutIntoPieces(lines: string[], shifts: Map<number, number>): Piece[] {
  const pieces: Piece[] = [];
  let pieceStart = 0;
  let fence: string | null = null;
  const closePiece = (endExclusive: number): void => {
    if (endExclusive > pieceStart) pieces.push(plainPiece(lines, pieceStart, endExclusive));
    pieceStart = endExclusive;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (fence !== null) {
      if (line.trimStart().startsWith(fence)) fence = null;
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (open?.[1]) {
      fence = open[1];
      continue;
    }
    const indent = LEADING_SPACE.exec(line)?.[0] ?? '';
    if (indent.length > MAX_INDENT && indent.length < line.length) {
      lines[i] = `${' '.repeat(MAX_INDENT)}${line.slice(indent.length)}`;
      shifts.set(i + 1, indent.length - MAX_INDENT);
    }
    const capped = capNesting(lines[i] ?? '');
    if (capped) {
      lines[i] = capped.line;
      shifts.set(i + 1, (shifts.get(i + 1) ?? 0) + capped.removed);
    }
    if (ATX_HEADING.test(line)) {
      closePiece(i);
      continue;
    }
    const tableEnd = findSplittableTableEnd(lines, i);
    if (tableEnd !== null) {
      closePiece(i);
      pieces.push(...cutTable(lines, i, tableEnd));
      pieceStart = tableEnd;
      i = tableEnd - 1;
    }
  }
  closePiece(lines.length);
  return pieces;
}

// A table long enough to be worth cutting whose rows all start with a pipe; its end is the
// first blank line or heading. Anything else ending it keeps it whole, to stay exact.
function findSplittableTableEnd(lines: string[], i: number): number | null {
  const header = lines[i] ?? '';
  if (!PIPE_ROW.test(header) || !TABLE_DELIMITER.test(lines[i + 1] ?? '')) return null;
  if (i > 0 && (lines[i - 1] ?? '').trim() !== '') return null;
  let end = i + 2;
  while (end < lines.length && PIPE_ROW.test(lines[end] ?? '')) end++;
  const after = lines[end];
  const cleanEnd = after === undefined || after.trim() === '' || ATX_HEADING.test(after);
  if (!cleanEnd || end - (i + 2) <= TABLE_ROWS_PER_CHUNK) return null;
  return end;
}

function cutTable(lines: string[], start: number, end: number): Piece[] {
  const pieces: Piece[] = [];
  const header: LineSegment = { start: start + 1, count: 2 };
  const headerChars = lineChars(lines, start, start + 2);
  for (let row = start + 2; row < end; row += TABLE_ROWS_PER_CHUNK) {
    const count = Math.min(TABLE_ROWS_PER_CHUNK, end - row);
    const rows: LineSegment = { start: row + 1, count };
    const first = row === start + 2;
    pieces.push({
      segments: first ? [{ start: start + 1, count: count + 2 }] : [header, rows],
      chars: headerChars + lineChars(lines, row, row + count),
      continuesTable: !first,
      alone: true,
    });
  }
  return pieces;
}

function plainPiece(lines: string[], start: number, end: number): Piece {
  return {
    segments: [{ start: start + 1, count: end - start }],
    chars: lineChars(lines, start, end),
    continuesTable: false,
    alone: false,
  };
}

function lineChars(lines: string[], start: number, end: number): number {
  let chars = 0;
  for (let i = start; i < end; i++) chars += (lines[i]?.length ?? 0) + 1;
  return chars;
}

function groupPieces(pieces: Piece[]): Piece[] {
  const groups: Piece[] = [];
  let current: Piece | null = null;
  for (const piece of pieces) {
    if (piece.alone) {
      if (current) groups.push(current);
      current = null;
      groups.push(piece);
      continue;
    }
    if (current && current.chars + piece.chars <= TARGET_CHUNK_CHARS) {
      const last = current.segments[current.segments.length - 1];
      const next = piece.segments[0];
      if (last && next && last.start + last.count === next.start) last.count += next.count;
      else current.segments.push(...piece.segments);
      current.chars += piece.chars;
    } else {
      if (current) groups.push(current);
      current = { ...piece, segments: piece.segments.map((s) => ({ ...s })) };
    }
  }
  if (current) groups.push(current);
  return groups;
}

function toChunk(lines: string[], piece: Piece, shifts: Map<number, number>): MarkdownChunk {
  const parts: string[] = [];
  const columnShifts: [number, number][] = [];
  for (const segment of piece.segments) {
    for (let i = 0; i < segment.count; i++) {
      parts.push(lines[segment.start - 1 + i] ?? '');
      const shift = shifts.get(segment.start + i);
      if (shift) columnShifts.push([segment.start + i, shift]);
    }
  }
  const text = parts.join('\n');
  return {
    text,
    segments: piece.segments,
    continuesTable: piece.continuesTable,
    columnShifts,
    hasPipe: text.includes('|'),
  };
}

/** Maps a 1-based line of a chunk back to its line in the original document. */
export function mapChunkLine(segments: LineSegment[], chunkLine: number): number {
  let remaining = chunkLine;
  for (const segment of segments) {
    if (remaining <= segment.count) return segment.start + remaining - 1;
    remaining -= segment.count;
  }
  const last = segments[segments.length - 1];
  return last ? last.start + last.count - 1 + remaining : chunkLine;
}
