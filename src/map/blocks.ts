import type { Root, RootContent, List, ListItem, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Place } from './types.js';
import { mapChunkLine, type LineSegment } from './split-markdown.js';

/** A table cell or list text with where it starts in the map. */
export interface PlacedText {
  text: string;
  place: Place;
}

/** A list item: the text of its first paragraph and its nested items. */
export interface BlockListItem extends PlacedText {
  children: BlockListItem[];
}

/** The top-level Markdown blocks a map is read from; everything else is prose. */
export type Block =
  | { type: 'heading'; depth: number; text: string; place: Place }
  | { type: 'table'; rows: PlacedText[][]; place: Place; continuesPrevious: boolean }
  | { type: 'list'; items: BlockListItem[]; place: Place };

type Positioned = { position?: { start: { line: number; column: number } } | undefined };

/** Turns one parsed chunk into blocks with positions in the original document. */
export function simplifyTree(tree: Root, segments: LineSegment[], continuesTable: boolean, columnShifts: [number, number][] = []): Block[] {
  const shifts = new Map(columnShifts);
  const placeOf = (node: Positioned): Place => {
    const start = node.position?.start ?? { line: 1, column: 1 };
    const line = mapChunkLine(segments, start.line);
    return { line, column: start.column + (shifts.get(line) ?? 0) };
  };
  const blocks: Block[] = [];
  let firstTable = true;
  for (const node of tree.children) {
    const block = simplifyNode(node, placeOf, firstTable && continuesTable);
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
): Block | null {
  switch (node.type) {
    case 'heading':
      return { type: 'heading', depth: node.depth, text: toString(node).trim(), place: placeOf(node) };
    case 'table':
      return { type: 'table', rows: tableRows(node, placeOf), place: placeOf(node), continuesPrevious };
    case 'list':
      return { type: 'list', items: listItems(node, placeOf), place: placeOf(node) };
    default:
      return null;
  }
}

function tableRows(table: Table, placeOf: (node: Positioned) => Place): PlacedText[][] {
  return table.children.map((row) =>
    row.children.map((cell) => ({ text: toString(cell).trim(), place: placeOf(cell) })),
  );
}

function listItems(list: List, placeOf: (node: Positioned) => Place): BlockListItem[] {
  return list.children.map((item: ListItem) => {
    const paragraph = item.children.find((child) => child.type === 'paragraph');
    const nested = item.children.filter((child): child is List => child.type === 'list');
    return {
      text: paragraph ? toString(paragraph).replace(/\s*\n\s*/g, ' ').trim() : '',
      place: placeOf(paragraph ?? item),
      children: nested.flatMap((child) => listItems(child, placeOf)),
    };
  });
}
