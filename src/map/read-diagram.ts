/**
 * Reads the arrows of a diagram: a Mermaid `flowchart`/`graph`, or plain arrow chains
 * (`a → b → c`, `a ──> b`, `a --> b`) in a code block. Edges come back as drawn; which way
 * a dependency points is decided later, from the edge's label or the map's legend.
 */
import { isNameLike, isPathLike } from './read-text.js';

/** One arrow as drawn: `from` points at `to`, with its label if any and its line in the block. */
export interface DrawnEdge {
  from: string;
  to: string;
  label: string | null;
  line: number;
}

/** What a diagram yields: its edges, and how many arrow lines could not be read. */
export interface DiagramReading {
  edges: DrawnEdge[];
  unreadLines: number;
  arrowLines: number;
}

const MERMAID_START = /^\s*(flowchart|graph)\b/;
// Lookbehinds and bracket-free labels keep every pattern here linear on any line: a long word or a
// run of `-`, `[` or spaces is tried once, not from each of its characters.
const NODE_SHAPE = /(?<![\w-])([A-Za-z_][\w-]*)\s*(\[\/|\[\\|\[\(|\(\[|\[\[|\(\(|\{\{|\[|\(|\{|>)\s*(?:"([^"]*)"|([^\]\)\}"\[\(\{]*?))\s*(\/\]|\\\]|\)\]|\]\)|\]\]|\)\)|\}\}|\]|\)|\})/g;
const MERMAID_LINK = /(?<!\s)\s*(?:--\s*"([^"]*)"\s*-->|--\s+([^-|>"]+?)\s+-->|(?:-->|==>|-\.->|---|--o|--x|<-->)(?:\s*\|([^|]*)\|)?)\s*/;
const ARROW = /(?<!\s)\s*(?:(?<!-)-+[>►]|(?<!─)─+[>►]|→|⟶|⇒|(?<!=)=+>|►)\s*/;

/** True when a code block is a Mermaid flowchart. */
export function isMermaid(lang: string, value: string): boolean {
  return lang === 'mermaid' || MERMAID_START.test(value);
}

/** True when a block has arrows at all (worth reading, or worth a warning when unreadable). */
export function hasArrows(value: string): boolean {
  return value.split('\n').some((line) => ARROW.test(line));
}

/** Reads a Mermaid flowchart's edges; node labels replace ids (`db[("db<br/>:5432")]` is `db`). */
export function readMermaid(value: string): DiagramReading {
  const labels = new Map<string, string>();
  const edges: DrawnEdge[] = [];
  let unreadLines = 0;
  let arrowLines = 0;
  for (const [index, raw] of value.split('\n').entries()) {
    const line = raw.replace(/%%.*$/, '').trim();
    if (line === '' || MERMAID_START.test(line) || /^(subgraph|end|classDef|class|style|linkStyle|click|direction)\b/.test(line)) continue;
    const bare = line.replace(NODE_SHAPE, (_, id: string, open: string, quoted?: string, plain?: string) => {
      const label = (quoted ?? plain ?? id).trim();
      // `inbox[/data/inbox/]`: the shape's slashes eat a path's leading one.
      // A quoted label (`[/"state/a.json"/]`) is exactly what it says.
      labels.set(id, open === '[/' && quoted === undefined && label.includes('/') && !label.startsWith('/') ? `/${label.replace(/\/$/, '')}` : label);
      return id;
    });
    if (!MERMAID_LINK.test(bare)) continue;
    arrowLines++;
    const parts = bare.split(new RegExp(MERMAID_LINK.source));
    // split with capture groups: [node, g1, g2, g3, node, g1, g2, g3, node...]
    const nodes: string[] = [];
    const edgeLabels: (string | null)[] = [];
    for (let i = 0; i < parts.length; i += 4) {
      nodes.push((parts[i] ?? '').trim());
      if (i + 3 < parts.length) edgeLabels.push((parts[i + 1] ?? parts[i + 2] ?? parts[i + 3] ?? '').trim() || null);
    }
    let read = false;
    for (let i = 0; i + 1 < nodes.length; i++) {
      const from = nodes[i] ?? '';
      const to = nodes[i + 1] ?? '';
      if (!/^[A-Za-z_][\w-]*$/.test(from) || !/^[A-Za-z_][\w-]*$/.test(to)) continue;
      edges.push({ from, to, label: edgeLabels[i] ?? null, line: index });
      read = true;
    }
    if (!read) unreadLines++;
  }
  const name = (id: string): string => nameOfLabel(labels.get(id) ?? id) ?? id;
  return { edges: edges.map((e) => ({ ...e, from: name(e.from), to: name(e.to) })), unreadLines, arrowLines };
}

// The component a node label names: its first word or path (`bitcoind<br/>RPC :8332` is bitcoind).
function nameOfLabel(label: string): string | null {
  const first = label.split(/<br\s*\/?>|\s+/)[0]?.replace(/^["'`]|["'`]$/g, '') ?? '';
  return isNameLike(first) || isPathLike(first) ? first : null;
}

/** Reads plain arrow chains: every line `a → b → c` gives the edges a→b and b→c. */
export function readArrowChains(value: string): DiagramReading {
  const edges: DrawnEdge[] = [];
  let unreadLines = 0;
  let arrowLines = 0;
  for (const [index, raw] of value.split('\n').entries()) {
    if (!ARROW.test(raw)) continue;
    arrowLines++;
    const parts = raw.split(new RegExp(ARROW.source)).map(cleanChainPart);
    let read = false;
    for (let i = 0; i + 1 < parts.length; i++) {
      const from = parts[i];
      const to = parts[i + 1];
      if (from && to) {
        edges.push({ from, to, label: null, line: index });
        read = true;
      }
    }
    if (!read) unreadLines++;
  }
  return { edges, unreadLines, arrowLines };
}

// A chain part is one name or path, maybe in backticks, maybe followed by a port `(:8081)`.
function cleanChainPart(part: string): string | null {
  const text = part.replace(/[│└┘┌┐├┤|+]/g, ' ').trim().replace(/^`|`$/g, '').replace(/(?<!\s)\s*\(:?\d+\)$/, '').trim();
  return isNameLike(text) || isPathLike(text) ? text : null;
}
