/**
 * Where a team puts a component's name as the subject of what follows, and the block that belongs
 * to it: a heading's text until the next heading of the same or a higher level; the code or bold
 * lead of a bullet with its children; the first cell of a table row with the other cells; a
 * paragraph that starts with a name. A block with no name in subject position (`## Day 3 — the
 * excise run`, `- Start the board: \`node board.js\``) is kept too: read-anchors gives it the
 * component whose exact command it holds.
 */
import type { Block, BlockListItem, PlacedText } from './blocks.js';
import { classifyHeading } from './classify-heading.js';
import { isCardList, readCardItems, readCardLead } from './read-card-lead.js';
import { isNameLike, isPathLike } from './read-text.js';
import type { Place } from './types.js';
import { canonicalKey } from './vocabulary.js';

/** One value-bearing piece of a block: marked text, where, and the column or key label it stands under. */
export interface AnchorPiece {
  marked: string;
  place: Place;
  label: string | null;
}

/** A block and the name in its subject position (null when it has none). */
export interface AnchorUnit {
  subject: string | null;
  /** How the subject was written: a heading, a bullet's lead, a table row, a paragraph's lead. */
  form: 'heading' | 'item' | 'row' | 'paragraph';
  place: Place;
  pieces: AnchorPiece[];
  /** A card found in an incident or post-mortem section: read only when it says it is current or nothing else declares it. */
  incident?: { heading: string; current: boolean };
}

const INCIDENT = /\b(?:incidents?|post[- ]?mortems?|inc-?\d+)\b/i;
const CURRENT = /\b(?:current(?:ly)?|as it stands|today|now)\b/i;

interface OpenHeading {
  unit: AnchorUnit;
  depth: number;
}

/** Every unit of a map outside prose sections (changelogs, runbooks, history never give values). */
export function findAnchors(blocks: Block[]): AnchorUnit[] {
  const units: AnchorUnit[] = [];
  const open: OpenHeading[] = [];
  let proseDepth = Infinity;
  let incident: string | null = null;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (!block) continue;
    if (block.type === 'heading') {
      if (block.depth <= proseDepth) {
        proseDepth = Infinity;
        incident = null;
      }
      while (open.length > 0 && (open[open.length - 1]?.depth ?? 0) >= block.depth) open.pop();
      if (proseDepth !== Infinity) continue;
      const reading = block.history ? { ...classifyHeading(block.text, block.marked), kind: 'prose' as const } : classifyHeading(block.text, block.marked);
      // The document's title (`# stagecue — onboarding notes`) names the whole map, never a prose section.
      const title = block.depth === 1 && units.length === 0;
      if (!title && (reading.kind === 'prose' || reading.kind === 'external')) {
        proseDepth = block.depth;
        incident = reading.kind === 'prose' && INCIDENT.test(block.text) ? block.text : null;
        continue;
      }
      const name = reading.name !== null && isNameLike(reading.name) ? reading.name : reading.configPath ? null : spelledName(block.marked ?? block.text);
      const unit: AnchorUnit = { subject: name, form: 'heading', place: block.place, pieces: [] };
      units.push(unit);
      open.push({ unit, depth: block.depth });
      continue;
    }
    if (proseDepth !== Infinity) {
      // An incident's sections are history, but a card there may be the only word on a component.
      const next = blocks[i + 1];
      const lead = incident !== null && block.type === 'paragraph' && next?.type === 'list' && isCardList(next.items) ? (readCardLead(block.marked) ?? wholeSubject(block.marked)) : null;
      if (lead && incident !== null && block.type === 'paragraph' && next?.type === 'list') {
        units.push({ subject: lead, form: 'paragraph', place: block.place, pieces: readCardItems(next.items), incident: { heading: incident, current: CURRENT.test(block.text) } });
        i++;
      }
      continue;
    }
    const heading = open[open.length - 1]?.unit ?? null;
    const add = (piece: AnchorPiece): void => void heading?.pieces.push(piece);
    if (block.type === 'paragraph') {
      // A bold lead followed by `key: value` bullets is one card: the list is its block.
      const next = blocks[i + 1];
      const lead = next?.type === 'list' && isCardList(next.items) ? (readCardLead(block.marked) ?? wholeSubject(block.marked)) : null;
      if (lead && next?.type === 'list') {
        units.push({ subject: lead, form: 'paragraph', place: block.place, pieces: readCardItems(next.items) });
        i++;
        continue;
      }
      const subject = subjectOf(block.marked);
      if (subject) units.push({ subject, form: 'paragraph', place: block.place, pieces: [{ marked: block.marked, place: block.place, label: null }] });
      else add({ marked: block.marked, place: block.place, label: null });
    } else if (block.type === 'list') {
      for (const item of block.items) {
        const subject = subjectOf(item.marked ?? item.text);
        const pieces = flattenItem(item);
        // An item with no name of its own is part of a named heading's block, and a unit of its own;
        // a nameless heading (`## When something looks off`) does not collect its items, so one
        // item's command never makes the others' values its own.
        if (!subject && heading?.subject) for (const piece of pieces) add(piece);
        units.push({ subject, form: 'item', place: item.place, pieces });
      }
    } else if (block.type === 'table') readTable(block.rows, units, add);
    else {
      const line = oneCommandLine(block.lang, block.value);
      // On its own line of the block: below a fence, or the block's own line when indented.
      const at = block.value.split('\n').findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
      if (line) add({ marked: `\`${line}\``, place: { line: block.bodyLine + Math.max(at, 0), column: 1 }, label: 'code' });
    }
  }
  return units;
}

// A Key | Value table belongs to its heading; any other table gives one unit per row.
function readTable(rows: PlacedText[][], units: AnchorUnit[], add: (piece: AnchorPiece) => void): void {
  const [header, ...body] = rows;
  if (!header) return;
  const labels = header.map((cell) => cell.text.replace(/[`*]/g, '').trim());
  // Key | Value: two columns whose first cells are keys (`**Start**`, `Port`), not names.
  const keys = body.filter((row) => canonicalKey('workers', (row[0]?.text ?? '').replace(/[`*:]/g, '').trim()) !== null).length;
  const keyValue = header.length === 2 && (labels.every((l) => l === '') || /^(key|property|field|attribute|setting)$/i.test(labels[0] ?? '')) && keys * 2 > body.length;
  if (keyValue) {
    for (const row of body) {
      const [key, value] = row;
      if (key && value) add({ marked: value.marked ?? value.text, place: value.place, label: key.text.replace(/[`*:]/g, '').trim() });
    }
    return;
  }
  for (const row of body) {
    const first = row[0];
    const subject = first ? cellSubject(first) : null;
    const pieces = row.map((cell, i) => ({ marked: cell.marked ?? cell.text, place: cell.place, label: labels[i] ?? null }));
    units.push({ subject, form: 'row', place: first?.place ?? { line: 1, column: 1 }, pieces });
  }
}

// The name or path a first cell consists of, maybe in code, maybe with a short label (`age of \`x.csv\``).
function cellSubject(cell: PlacedText): string | null {
  const marked = (cell.marked ?? cell.text).trim();
  const plain = marked.replace(/[`*]/g, '').trim();
  if (isNameLike(plain) || isPathLike(plain)) return plain;
  const spans = [...marked.matchAll(/`([^`]+)`/g)].map((m) => (m[1] ?? '').trim());
  const [only] = spans;
  return spans.length === 1 && only !== undefined && isPathLike(only) && plain.length <= only.length + 20 ? only : null;
}

// A heading that spells one name in code among words (`Step 2 — Planning the brew (\`recipe_engine\`)`).
function spelledName(marked: string): string | null {
  const spans = [...marked.matchAll(/`([^`]+)`/g)].map((m) => (m[1] ?? '').trim());
  const [only] = spans;
  return spans.length === 1 && only !== undefined && isNameLike(only) ? only : null;
}

// A paragraph that is only a name (`**ingest**`, `\`ingest\``).
function wholeSubject(marked: string): string | null {
  const subject = subjectOf(marked);
  return subject !== null && /^\s*(?:\*\*)?`?[^`*]+`?(?:\*\*)?\s*:?\s*$/.test(marked) ? subject : null;
}

/** The name a bullet or paragraph leads with: in code, or bold and written like an identifier; not a key label. */
export function subjectOf(marked: string): string | null {
  const m = /^\s*(?:`([^`]{1,64})`|\*\*`?([^*`]{1,64}?)`?\*\*)(?=[\s:.,—–(-]|$)/.exec(marked);
  const name = (m?.[1] ?? m?.[2] ?? '').trim().replace(/[.:]$/, '');
  if (!m || !isNameLike(name)) return null;
  // `**Writes:**`, `**Run it**` are labels; a bold lead is a name when it reads like an identifier.
  if (m[2] !== undefined && (canonicalKey('workers', name) !== null || !/[_.-]|^[a-z]/.test(name))) return null;
  if (m[1] !== undefined && canonicalKey('workers', name) !== null && !/[_.-]/.test(name)) return null;
  return name;
}

// An item and its children, each child labelled by its own `Key:` lead when it has one.
function flattenItem(item: BlockListItem): AnchorPiece[] {
  const pieces: AnchorPiece[] = [{ marked: item.marked ?? item.text, place: item.place, label: null }];
  for (const child of item.children) pieces.push(...flattenItem(child));
  return pieces;
}

// A shell-ish block of one line: what a block under a component says to run.
function oneCommandLine(lang: string, value: string): string | null {
  if (!['', 'sh', 'bash', 'shell', 'console', 'zsh', 'text', 'terminal'].includes(lang)) return null;
  const lines = value.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  return lines.length === 1 && lines[0] !== undefined ? lines[0].replace(/^\$\s+/, '') : null;
}
