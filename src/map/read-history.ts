/**
 * Finds what a map says about the past, by what its lines are rather than by its heading words:
 * dated entries (`- 2025-06-02: moved the lock to run/x.lock`), versions (`v1.4 — port was 8080`)
 * and past-tense lines ("used to", "previously", "was 8080", "no longer"). A section made of such
 * lines is history, read as prose like a changelog; such a line or clause elsewhere gives no value,
 * so an old value never overrides a current one nor becomes a second declaration.
 */
import type { Block, BlockListItem } from './blocks.js';
import { classifyHeading } from './classify-heading.js';
import { plainOf, splitSentences } from './read-text.js';

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const DATE = String.raw`(?:\d{4}-\d{2}(?:-\d{2})?|\d{4}/\d{2}(?:/\d{2})?|\d{1,2}\s+${MONTH}\s+\d{4}|${MONTH}\s+(?:\d{1,2},?\s+)?\d{4}|Q[1-4]\s+\d{4}|\d{4}\s+Q[1-4])`;
const VERSION = String.raw`(?:v\d+(?:\.\d+){0,2}|\d+\.\d+\.\d+|\d+\.\d+(?=\s*[:—–]))`;
// A line that starts with a date or a version as its label: `2025-06-02:`, `**v1.4** —`, `[1.2.0] - 2025-03-01`.
const DATED_LEAD = new RegExp(String.raw`^[\s*_[(•-]*(?:${DATE}|${VERSION})\b[\])*_]*\s*(?:[:—–|,-]|\(|$)`, 'i');
// Words that put a statement in the past: what was, not what is.
const PAST = /\b(?:used to|previously|formerly|originally|no longer|not any ?more|in the past|in the old (?:days|setup|version)|(?:was|were) (?:moved|renamed|changed|replaced|split|merged|bumped|raised|lowered|increased|reduced|dropped|removed|retired|deprecated|switched|migrated|rewritten|tightened|relaxed)|(?:was|were)\s+(?=`|\*\*|\d)|(?:moved|migrated|switched|renamed|changed)\s+(?:\w+\s+){0,3}?from\b|wrote|listened|depended)\b/i;
// A heading that speaks of the past or of a release: one signal, weighed with the section's lines.
const PAST_HEADING = new RegExp(String.raw`\b(?:changed|changes|happened|moved|used to|previous|former|formerly|legacy|retired|deprecated|recently|last (?:year|month|quarter|release)|release|releases|migration|cut-?over)\b|${DATE}|\bv\d+(?:\.\d+)+\b`, 'i');

/** True when a line or sentence is about the past: a dated or versioned entry, or past tense. */
export function isHistoryText(marked: string): boolean {
  const plain = plainOf(marked);
  return DATED_LEAD.test(plain) || PAST.test(plain);
}

/** The text without its sentences, `;`-clauses and asides about the past ("3000 (it used to be 8080)" is "3000"). */
export function dropHistoryClauses(marked: string): string {
  const asides = marked.replace(/\s*\([^()]*\)/g, (aside) => (isHistoryText(aside.replace(/^\s*\(|\)$/g, '')) ? '' : aside));
  const kept = splitSentences(asides).filter((sentence) => !isHistoryText(sentence));
  return kept.join(' ');
}

/**
 * The blocks with history set aside: a heading whose section reads as history is marked `history`
 * (its blocks are then prose), and elsewhere history bullets and sentences are dropped.
 */
export function markHistory(blocks: Block[]): Block[] {
  const history = findHistorySections(blocks);
  const out: Block[] = [];
  let inside = Infinity;
  for (const [i, block] of blocks.entries()) {
    if (block.type === 'heading') {
      if (block.depth <= inside) inside = Infinity;
      if (inside === Infinity && history.has(i)) inside = block.depth;
      out.push(inside !== Infinity ? { ...block, history: true } : block);
      continue;
    }
    if (inside !== Infinity) out.push(block);
    else {
      const kept = dropHistoryLines(block);
      if (kept) out.push(kept);
    }
  }
  return out;
}

// The indexes of headings whose own section is mostly history lines, or partly so under a heading
// that speaks of the past. A sub-section counts as one line, history when it is; the document's
// title is never history. Read from the last heading up, so each sub-section is judged first.
function findHistorySections(blocks: Block[]): Set<number> {
  const found = new Set<number>();
  for (let i = blocks.length - 1; i >= 0; i--) {
    const block = blocks[i];
    if (block?.type !== 'heading' || (i === 0 && block.depth === 1)) continue;
    let lines = 0;
    let past = 0;
    let child = Infinity;
    for (let j = i + 1; j < blocks.length; j++) {
      const next = blocks[j];
      if (!next || (next.type === 'heading' && next.depth <= block.depth)) break;
      if (next.type === 'heading') {
        if (next.depth > child) continue;
        child = next.depth;
        lines++;
        if (found.has(j)) past++;
        continue;
      }
      if (child !== Infinity) continue;
      for (const line of linesOf(next)) {
        lines++;
        if (dropHistoryClauses(line).trim() === '') past++;
      }
    }
    const signal = PAST_HEADING.test(block.text);
    // A heading naming a component (`### api`) is its description, past lines and all: only the
    // lines about the past are dropped, never the component.
    const named = classifyHeading(block.text, block.marked).name !== null;
    if (lines >= 1 && ((!named && past * 2 > lines) || (signal && past * 3 >= lines && past > 0))) found.add(i);
  }
  return found;
}

// The lines a block states, as history is judged: bullets, sentences, table rows.
function linesOf(block: Exclude<Block, { type: 'heading' }>): string[] {
  if (block.type === 'paragraph') return splitSentences(block.marked);
  if (block.type === 'list') return block.items.map((item) => item.marked ?? item.text);
  if (block.type === 'table') return block.rows.slice(1).map((row) => row.map((cell) => cell.marked ?? cell.text).join(' | '));
  return [];
}

// A block outside history sections, without its history bullets, sentences and asides.
function dropHistoryLines(block: Exclude<Block, { type: 'heading' }>): Block | null {
  if (block.type === 'list') {
    const items = dropHistoryItems(block.items);
    return items.length === 0 ? null : items.length === block.items.length && items.every((item, i) => item === block.items[i]) ? block : { ...block, items };
  }
  if (block.type !== 'paragraph' || !isHistoryText(block.marked)) return block;
  const marked = dropHistoryClauses(block.marked);
  if (marked.trim() === '') return null;
  // A register's lines are kept line by line, without those about the past.
  const lines = block.lines?.split('\n').filter((line) => !isHistoryText(line)).join('\n');
  return { ...block, marked, text: plainOf(marked), ...(lines === undefined ? {} : { lines }) };
}

function dropHistoryItems(items: BlockListItem[]): BlockListItem[] {
  const kept: BlockListItem[] = [];
  for (const item of items) {
    const marked = item.marked ?? item.text;
    if (DATED_LEAD.test(plainOf(marked))) continue;
    const children = dropHistoryItems(item.children);
    if (!isHistoryText(marked)) {
      kept.push(children.every((child, i) => child === item.children[i]) && children.length === item.children.length ? item : { ...item, children });
      continue;
    }
    const rest = dropHistoryClauses(marked);
    if (rest.trim() === '' && children.length === 0) continue;
    kept.push({ ...item, marked: rest, text: plainOf(rest), children });
  }
  return kept;
}
