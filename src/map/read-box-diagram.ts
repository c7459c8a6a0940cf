/**
 * Reads a box-and-arrow drawing as people draw it in plain text: boxes (`+-----+` / `| a |` or
 * `┌─┐│└┘`), bracketed names (`[ ingest ]`, `(out/x.csv)`) and bare names or paths, joined by a
 * horizontal arrow on the same line (`-->`, `==>`, `─►`, `▶`, `→`, a label inside the shaft:
 * `──webhooks──▶`) or a vertical arrow in the same column (`|` / `│` ending in `v`, `▼`, `^`, `▲`).
 * Only what is drawn with certainty is read: an arrow that bends, branches or points both ways,
 * or whose end touches no name, is counted as unread with its line, never guessed.
 */
import type { DiagramReading, DrawnEdge } from './read-diagram.js';
import { isNameLike, isPathLike } from './read-text.js';

interface Box { top: number; bottom: number; left: number; right: number; name: string | null }
interface Token { row: number; start: number; end: number; text: string }
type Node = { name: string | null } | null;

const TOP_LEFT = new Set(['+', '┌', '╭', '╔', '┏']);
const TOP_RIGHT = new Set(['+', '┐', '╮', '╗', '┓']);
const BOTTOM_LEFT = new Set(['+', '└', '╰', '╚', '┗']);
const BOTTOM_RIGHT = new Set(['+', '┘', '╯', '╝', '┛']);
const H_LINE = new Set(['-', '─', '━', '═', '=', '~']);
const H_BORDER = new Set([...H_LINE, '+', '┬', '┴', '┼', '▲', '▼', '^', 'v', '△', '▽']);
const V_LINE = new Set(['|', '│', '┃', '║']);
const V_BORDER = new Set([...V_LINE, '+', '├', '┤', '┼', '◄', '►', '◀', '▶', '<', '>']);
const RIGHT_HEADS = new Set(['>', '►', '▶', '→', '⟶', '⇒', '▷']);
const LEFT_HEADS = new Set(['<', '◄', '◀', '←', '⟵', '⇐', '◁']);
const DOWN_HEADS = new Set(['v', 'V', '▼', '↓', '▽']);
const UP_HEADS = new Set(['^', '▲', '↑', '△']);
const MAX_DRAWING_CHARS = 20_000;
const BOX_CHARS = /[┌┐└┘├┤┬┴┼│─╭╮╰╯═║▲▼►◄▶◀]|\+-{2,}\+?|^\s*[|│]\s*$|^\s*[v▼^▲]\s*$|\]\s*[-=~]+>|<[-=~]+\s*\[/m;

/** True when a block is a drawing in two dimensions: boxes, box-drawing lines or vertical arrows. */
export function isBoxDiagram(value: string): boolean {
  // A drawing is read cell by cell: one far larger than any drawing a person makes is left to the other readers.
  return value.length <= MAX_DRAWING_CHARS && BOX_CHARS.test(value) && hasAnyArrow(value);
}

function hasAnyArrow(value: string): boolean {
  return /(?<![-─━=~])[-─━=~]+\s*[>►▶]|[<◄◀]\s*[-─━=~]+|[→←▶◀►◄⟶⇒▼▲↓↑]|^\s*[|│]?\s*[v^]\s*$/m.test(value);
}

/** Reads the edges a drawing shows with certainty, and the lines of the arrows it could not read. */
export function readBoxDiagram(value: string): DiagramReading & { unreadAt: number[] } {
  const grid = value.replace(/\t/g, '    ').split('\n').map((line) => Array.from(line));
  const at = (r: number, c: number): string => grid[r]?.[c] ?? ' ';
  const boxes = findBoxes(grid, at);
  // Each cell's box and each row's tokens, indexed once: a drawing may be large.
  const owner = new Map<number, Box>();
  const width = Math.max(0, ...grid.map((row) => row.length)) + 1;
  for (const box of boxes) for (let r = box.top; r <= box.bottom; r++) for (let c = box.left; c <= box.right; c++) owner.set(r * width + c, box);
  const boxAt = (r: number, c: number): Box | undefined => (c < 0 || c >= width ? undefined : owner.get(r * width + c));
  const tokens = findTokens(grid, boxAt);
  const rowTokens = new Map<number, Token[]>();
  for (const token of tokens) rowTokens.set(token.row, [...(rowTokens.get(token.row) ?? []), token]);
  const tokenAt = (r: number, c: number): Token | undefined => rowTokens.get(r)?.find((t) => c >= t.start && c < t.end);
  const used = new Set<Token>();
  const edges: DrawnEdge[] = [];
  const unreadAt: number[] = [];
  let arrowLines = 0;
  const nodeAt = (r: number, c: number): Node => {
    const box = boxAt(r, c);
    if (box) return { name: box.name };
    const token = tokenAt(r, c);
    if (token) used.add(token);
    return token ? { name: token.text } : null;
  };
  const add = (from: Node, to: Node, label: string | null, line: number): void => {
    arrowLines++;
    if (from?.name && to?.name && from.name !== to.name) edges.push({ from: from.name, to: to.name, label, line });
    else unreadAt.push(line);
  };
  // Horizontal arrows: runs of line characters with a head at one end, maybe a label inside.
  for (const [r, row] of grid.entries()) {
    const masked = row.map((ch, c) => (boxAt(r, c) ? '#' : ch)).join('');
    for (const m of masked.matchAll(/([<◄◀←⟵⇐◁]?)((?:[-─━=~┬┴┼]+(?: ?[\w:./()]+(?: [\w:./()]+){0,3} ?(?=[-─━=~]))?)*[-─━=~┬┴┼]*)([>►▶→⟶⇒▷]?)/g)) {
      const [whole, left = '', shaft = '', right = ''] = m;
      const start = m.index ?? 0;
      const end = start + Array.from(whole).length;
      const lineChars = shaft.replace(/[^-─━=~┬┴┼]/g, '').length;
      // One head: a line of two or more, `->` / `─►` (never `<=`), or an arrow character on its own.
      const oneHead = (left === '') !== (right === '');
      const drawn = /^[→⟶⇒←⟵⇐▶►]$/.test(whole) || lineChars >= 2 || (lineChars === 1 && right !== '');
      if (!oneHead || !drawn) {
        // A two-way arrow (`◄──►`) is drawn but says no direction: an unread arrow.
        if (left !== '' && right !== '' && lineChars >= 2) {
          arrowLines++;
          unreadAt.push(r);
        }
        continue;
      }
      const before = nodeBefore(masked, start, r, nodeAt);
      const after = nodeAfter(masked, end, r, nodeAt);
      const label = shaft.replace(/[-─━=~┬┴┼]/g, ' ').replace(/[()]/g, '').trim() || labelAbove(r, start, end, tokens, used);
      if (right !== '') add(before, after, label || null, r);
      else add(after, before, label || null, r);
    }
  }
  // Vertical arrows: a head in a column, its shaft of `|`/`│` above (down) or below (up).
  for (const [r, row] of grid.entries()) {
    for (const [c, ch] of row.entries()) {
      // Above a head pointing down: its shaft, or the corner of a line that bends into it (read as unread).
      const down = DOWN_HEADS.has(ch) && (V_LINE.has(at(r - 1, c)) || (/[┐┌╮╭+]/.test(at(r - 1, c)) && !boxAt(r - 1, c))) && !/\w/.test(at(r, c - 1) + at(r, c + 1));
      const up = UP_HEADS.has(ch) && V_LINE.has(at(r + 1, c)) && !/\w/.test(at(r, c - 1) + at(r, c + 1));
      const inBorder = (DOWN_HEADS.has(ch) || UP_HEADS.has(ch)) && boxAt(r, c) !== undefined && (V_LINE.has(at(r - 1, c)) || V_LINE.has(at(r + 1, c)));
      if (!down && !up && !inBorder) continue;
      const pointsDown = DOWN_HEADS.has(ch);
      const step = pointsDown ? -1 : 1;
      let tail = r + step;
      // A label may stand beside the head (`^  depends on`) as well as beside the shaft.
      const labels: string[] = [sideLabel(grid[r] ?? [], c, tokens, r, used)];
      while (V_LINE.has(at(tail, c)) && !boxAt(tail, c)) {
        labels.push(sideLabel(grid[tail] ?? [], c, tokens, tail, used));
        tail += step;
      }
      const headBox = boxAt(r, c);
      const target = headBox ? { name: headBox.name } : nodeAt(r - step, c);
      const source = /[└┘┌┐╰╯]/.test(at(tail, c)) || (at(tail, c) === '+' && !boxAt(tail, c)) ? null : nodeAt(tail, c);
      add(source, target, labels.find((l) => l !== '') ?? null, r);
    }
  }
  return { edges, unreadLines: unreadAt.length, arrowLines, unreadAt };
}

// Boxes: a top border, sides going down in the same columns, a bottom border.
function findBoxes(grid: string[][], at: (r: number, c: number) => string): Box[] {
  const boxes: Box[] = [];
  for (const [r, row] of grid.entries()) {
    for (const [c, ch] of row.entries()) {
      if (!TOP_LEFT.has(ch) || !H_LINE.has(at(r, c + 1))) continue;
      let right = c + 1;
      while (H_BORDER.has(at(r, right)) && !(TOP_RIGHT.has(at(r, right)) && V_BORDER.has(at(r + 1, right)) && right > c + 1)) right++;
      if (!TOP_RIGHT.has(at(r, right)) || right - c < 3) continue;
      let bottom = r + 1;
      while (V_BORDER.has(at(bottom, c)) && V_BORDER.has(at(bottom, right)) && !(BOTTOM_LEFT.has(at(bottom, c)) && BOTTOM_RIGHT.has(at(bottom, right)) && H_BORDER.has(at(bottom, c + 1)))) bottom++;
      if (!BOTTOM_LEFT.has(at(bottom, c)) || !BOTTOM_RIGHT.has(at(bottom, right)) || bottom === r + 1) continue;
      if (boxes.some((b) => r >= b.top && r <= b.bottom && c >= b.left && c <= b.right)) continue;
      if (boxes.length >= 500) return boxes;
      const inside = grid.slice(r + 1, bottom).map((line) => line.slice(c + 1, right).join('')).join(' ');
      boxes.push({ top: r, bottom, left: c, right, name: nameOf(inside) });
    }
  }
  return boxes;
}

// Names outside boxes: `[ ingest ]`, `(out/x.csv)` and bare words; a parenthesised note that is no path is none.
function findTokens(grid: string[][], boxAt: (r: number, c: number) => Box | undefined): Token[] {
  const tokens: Token[] = [];
  for (const [r, row] of grid.entries()) {
    const line = row.map((ch, c) => (boxAt(r, c) ? ' ' : ch)).join('');
    const taken: [number, number][] = [];
    for (const m of line.matchAll(/\[\s*([^[\]]+?)\s*\]|\(\s*([^()]+?)\s*\)/g)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      taken.push([start, end]);
      const inner = (m[1] ?? m[2] ?? '').trim();
      const name = m[1] !== undefined ? nameOf(inner) : isPathLike(inner) ? inner : null;
      if (name) tokens.push({ row: r, start, end, text: name });
    }
    for (const m of line.matchAll(/[A-Za-z_.~/][\w./~-]*(?::\d+)?/g)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (taken.some(([a, b]) => start >= a && start < b) || /^[vV^]$/.test(m[0])) continue;
      const text = m[0].replace(/:\d+$/, '').replace(/[.]+$/, '');
      if (isNameLike(text) || isPathLike(text)) tokens.push({ row: r, start, end, text });
    }
  }
  return tokens;
}

// The component a box or bracket names: its first word or path (`fleet_manager (C++ binary)`, `postgres :5433`).
function nameOf(text: string): string | null {
  const first = text.trim().split(/\s+/)[0]?.replace(/^[`"']|[`"':,]$/g, '') ?? '';
  return isNameLike(first) || isPathLike(first) ? first : null;
}

function nodeBefore(masked: string, start: number, row: number, nodeAt: (r: number, c: number) => Node): Node {
  const chars = Array.from(masked);
  let c = start - 1;
  while (c >= 0 && chars[c] === ' ') c--;
  return c >= 0 ? nodeAt(row, c) : null;
}

function nodeAfter(masked: string, end: number, row: number, nodeAt: (r: number, c: number) => Node): Node {
  const chars = Array.from(masked);
  let c = end;
  while (c < chars.length && chars[c] === ' ') c++;
  return c < chars.length ? nodeAt(row, c) : null;
}

// A path written just above a horizontal arrow, within its span, is the arrow's label (the file handed over).
function labelAbove(row: number, start: number, end: number, tokens: Token[], used: Set<Token>): string {
  const token = tokens.find((t) => (t.row === row - 1 || t.row === row + 1) && t.start >= start - 2 && t.end <= end + 2 && isPathLike(t.text) && !used.has(t));
  if (!token) return '';
  used.add(token);
  return token.text;
}

// A path or words written right beside a vertical shaft (`│ readings/latest.json`, `| depends on`).
function sideLabel(row: string[], c: number, tokens: Token[], r: number, used: Set<Token>): string {
  const token = tokens.find((t) => t.row === r && t.start > c && t.start <= c + 3 && !used.has(t));
  if (token && isPathLike(token.text)) {
    used.add(token);
    return token.text;
  }
  const words = row.slice(c + 1).join('').trim();
  return /^(depends on|needs|requires|reads|uses|calls|writes|produces|feeds)\b/i.test(words) ? (words.split(/\s{2,}/)[0] ?? '') : '';
}
