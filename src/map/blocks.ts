import type { Root, RootContent, List, ListItem, Table, PhrasingContent, Paragraph } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Place } from './types.js';
import { mapChunkLine, type LineSegment } from './split-markdown.js';
import { stripDecoration, stripMarkedDecoration } from './strip-decoration.js';
import { ASIDE_MARK } from './unfold-admonitions.js';

/** A table cell or list text with where it starts in the map. */
export interface PlacedText {
  text: string;
  place: Place;
  /** The same text with inline code kept in backticks and bold in `**`, for the free-form readers. */
  marked?: string;
  /** Guessed from prose (a command-like code span in a sentence), so a value written out elsewhere wins. */
  guessed?: boolean;
}

/** A list item: the text of its first paragraph and its nested items. */
export interface BlockListItem extends PlacedText {
  children: BlockListItem[];
}

/** The top-level Markdown blocks a map is read from; everything else is prose. */
export type Block =
  | { type: 'heading'; depth: number; text: string; place: Place; marked?: string; /** Its section reads as history (dated entries, past tense): prose. */ history?: boolean }
  | { type: 'table'; rows: PlacedText[][]; place: Place; continuesPrevious: boolean }
  | { type: 'list'; items: BlockListItem[]; place: Place; ordered?: boolean }
  | { type: 'paragraph'; text: string; marked: string; place: Place; /** The text with its line breaks, for line-based registers. */ lines?: string }
  | { type: 'code'; lang: string; value: string; place: Place; /** The map line of the block's first text line (below a fence, or the block's own first line when indented). */ bodyLine: number };

type Positioned = { position?: { start: { line: number; column: number }; end?: { line: number } } | undefined };

/** Turns one parsed chunk into blocks with positions in the original document. */
export function simplifyTree(tree: Root, segments: LineSegment[], continuesTable: boolean, columnShifts: [number, number][] = []): Block[] {
  const shifts = new Map(columnShifts);
  // A fenced block spans more lines than its text (the fences); an indented one starts on its text.
  const bodyLineOf = (node: Positioned & { value: string }): number => {
    const start = node.position?.start.line ?? 1;
    const fenced = (node.position?.end?.line ?? start) - start + 1 > node.value.split('\n').length;
    return mapChunkLine(segments, fenced ? start + 1 : start);
  };
  const placeOf = (node: Positioned): Place => {
    const start = node.position?.start ?? { line: 1, column: 1 };
    const line = mapChunkLine(segments, start.line);
    return { line, column: start.column + (shifts.get(line) ?? 0) };
  };
  const blocks: Block[] = [];
  let firstTable = true;
  for (const node of unquote(tree.children)) {
    const block = simplifyNode(node, placeOf, firstTable && continuesTable, bodyLineOf);
    if (!block) continue;
    if (block.type === 'table') firstTable = false;
    blocks.push(block);
  }
  return blocks;
}

function simplifyNode(
  node: RootContent,
  placeOf: (node: Positioned) => Place,
  continuesPrevious: boolean,
  bodyLineOf: (node: Positioned & { value: string }) => number,
): Block | null {
  switch (node.type) {
    case 'heading':
      return { type: 'heading', depth: node.depth, text: stripDecoration(toString(node).trim(), true), place: placeOf(node), marked: stripDecoration(stripMarkedDecoration(markInline(node.children).trim()), true) };
    case 'table':
      return { type: 'table', rows: tableRows(node, placeOf), place: placeOf(node), continuesPrevious };
    case 'list':
      return { type: 'list', items: listItems(node, placeOf), place: placeOf(node), ordered: node.ordered === true };
    case 'paragraph':
    {
      // A hard line break (two trailing spaces, `\`) ends a line of a register as a newline does.
      const text = node.children.map((child) => (child.type === 'break' ? '\n' : toString(child))).join('');
      return { type: 'paragraph', text: flatten(text), marked: flatten(markInline(node.children)), place: placeOf(node), ...(text.includes('\n') ? { lines: text } : {}) };
    }
    case 'code':
      return { type: 'code', lang: (node.lang ?? '').toLowerCase(), value: node.value, place: placeOf(node), bodyLine: bodyLineOf(node) };
    default:
      return null;
  }
}

// A quote's blocks are read like any other, unless it is an admonition's aside or plainly a quotation
// (paragraphs of prose, no code, no bold, no list, table or code block).
function unquote(nodes: RootContent[]): RootContent[] {
  return nodes.flatMap((node) => {
    if (node.type !== 'blockquote') return [node];
    const first = node.children[0];
    if (first?.type === 'html' && first.value.trim() === ASIDE_MARK) return [];
    if (node.children.every((child) => child.type === 'paragraph' && !child.children.some((c) => c.type === 'inlineCode' || c.type === 'strong'))) return [];
    return unquote(node.children);
  });
}

function tableRows(table: Table, placeOf: (node: Positioned) => Place): PlacedText[][] {
  return table.children.map((row) =>
    row.children.map((cell) => ({ text: stripDecoration(toString(cell).trim()), place: placeOf(cell), marked: stripMarkedDecoration(markInline(cell.children).trim()) })),
  );
}

function listItems(list: List, placeOf: (node: Positioned) => Place): BlockListItem[] {
  return list.children.map((item: ListItem) => {
    const paragraph = item.children.find((child) => child.type === 'paragraph');
    const nested = item.children.filter((child): child is List => child.type === 'list');
    return {
      text: paragraph ? stripDecoration(flatten(toString(paragraph))) : '',
      marked: paragraph ? stripMarkedDecoration(flatten(markInline((paragraph as Paragraph).children))) : '',
      place: placeOf(paragraph ?? item),
      children: nested.flatMap((child) => listItems(child, placeOf)),
    };
  });
}

function flatten(text: string): string {
  return text.replace(/(?<!\s)\s*\n\s*/g, ' ').trim();
}

// Inline content as text that keeps code spans in backticks and bold in `**`.
function markInline(nodes: PhrasingContent[]): string {
  return nodes.map((node) => {
    switch (node.type) {
      case 'inlineCode': return `\`${node.value}\``;
      case 'strong': return `**${markInline(node.children)}**`;
      case 'text': return node.value;
      case 'break': return ' ';
      default: return 'children' in node ? markInline(node.children as PhrasingContent[]) : toString(node);
    }
  }).join('');
}
