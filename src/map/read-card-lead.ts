/**
 * A component card: a paragraph that is only a bold lead (`**Worker — ingest**`, `**Current state:
 * loader**`, `**ingest — pulls the feed**`) followed by a bullet list of `key: value` lines
 * (`- run: \`python index.py\``, `- pidfile: run/x.pid`, `- depends on: a, b`). The lead names the
 * subject (the identifier-like part, in code or not), each bullet is one labelled fact.
 */
import type { BlockListItem } from './blocks.js';
import type { AnchorPiece } from './find-anchors.js';
import { isNameLike, isPathLike } from './read-text.js';
import { canonicalKey } from './vocabulary.js';

const KEY_LINE = /^\s*\**([A-Za-z][\w /-]{0,30}?)\**\s*:\**\s+(.+)$/s;

/** The component a paragraph made only of a bold lead names, or null when it is not such a lead. */
export function readCardLead(marked: string): string | null {
  const m = /^\s*\*\*([^*]{1,120})\*\*\s*:?\s*$/.exec(marked);
  if (!m?.[1]) return null;
  const parts = m[1].split(/\s+[—–-]{1,2}\s+|:\s+|\s+\|\s+/).map((p) => p.trim()).filter((p) => p !== '');
  const names = parts.map((part, i) => ({ i, name: identifierOf(part) })).filter((p): p is { i: number; name: string } => p.name !== null);
  if (names.length === 0) return null;
  // `**ingest — pulls the feed**` leads with the name; `**Worker — ingest**` names it after a label.
  return (names[0]?.i === 0 ? names[0] : names[names.length - 1])?.name ?? null;
}

// A part that is one identifier: in code, or written like one (`ingest`, `db-sync`, `Loader_2`).
function identifierOf(part: string): string | null {
  const code = /^`([^`]+)`$/.exec(part)?.[1]?.trim();
  const name = code ?? part;
  if (!isNameLike(name)) return null;
  if (code === undefined && (canonicalKey('workers', name) !== null || !/[_.-]|^[a-z]/.test(name))) return null;
  return name;
}

/** True when most of a list's items are `key: value` lines with a key the map vocabulary knows. */
export function isCardList(items: BlockListItem[]): boolean {
  const known = items.filter((item) => {
    const key = KEY_LINE.exec(item.marked ?? item.text)?.[1];
    return key !== undefined && canonicalKey('workers', key.trim()) !== null;
  }).length;
  return known > 0 && known * 2 >= items.length;
}

/** Each bullet of a card as a fact labelled by its key; bare values are put in code so they read by shape. */
export function readCardItems(items: BlockListItem[]): AnchorPiece[] {
  const pieces: AnchorPiece[] = [];
  const visit = (item: BlockListItem): void => {
    const marked = item.marked ?? item.text;
    const m = KEY_LINE.exec(marked);
    const label = m?.[1]?.trim() ?? null;
    const key = label ? canonicalKey('workers', label) : null;
    pieces.push({ marked: m?.[2] !== undefined && key ? markBare(key, m[2]) : marked, place: item.place, label: key ? label : null });
    for (const child of item.children) visit(child);
  };
  for (const item of items) visit(item);
  return pieces;
}

// `run: python index.py`, `pidfile: run/x.pid`, `depends on: a, b`: the value itself, not prose.
function markBare(key: string, value: string): string {
  if (value.includes('`')) return value;
  if (key === 'command') return `\`${value.trim()}\``;
  return value
    .split(/(,\s*|\s+and\s+|\s+)/)
    .map((word) => {
      const bare = word.replace(/[.;]$/, '');
      return bare !== '' && (isPathLike(bare) || (key === 'dependsOn' && isNameLike(bare))) ? word.replace(bare, `\`${bare}\``) : word;
    })
    .join('');
}
