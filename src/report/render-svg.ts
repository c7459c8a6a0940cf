import type { DependencyGraph } from '../graph/build-graph.js';
import type { Component, ComponentId } from '../map/types.js';
import type { Status } from '../diagnose/types.js';
import { labelOf } from './render-graph.js';

const NODE_W = 200;
const NODE_H = 34;
const GAP_X = 70;
const GAP_Y = 16;
const MAX_NODES = 300;
const FILL: Record<Status, string> = { ok: '#d3f9d8', warning: '#fff3bf', critical: '#ffe3e3', unknown: '#e9ecef' };
const STROKE: Record<Status, string> = { ok: '#2b8a3e', warning: '#e67700', critical: '#c92a2a', unknown: '#495057' };

/**
 * The dependency graph as an inline SVG, layered left to right (a node's column is one more than
 * its deepest dependency), coloured by status. Big graphs show only unhealthy nodes and their
 * neighbours, and say so.
 */
export function renderSvg(graph: DependencyGraph, order: ComponentId[], status: Map<ComponentId, Status>, roots: Set<ComponentId>): string {
  let shown = order;
  let note = '';
  if (order.length > MAX_NODES) {
    const keep = new Set<ComponentId>();
    for (const id of order) {
      if (status.get(id) === 'ok') continue;
      keep.add(id);
      for (const n of [...(graph.dependencies.get(id) ?? []), ...(graph.dependents.get(id) ?? [])]) keep.add(n);
    }
    shown = order.filter((id) => keep.has(id)).slice(0, MAX_NODES);
    note = `Showing ${shown.length} of ${order.length} components: the unhealthy ones and their neighbours.`;
  }
  const visible = new Set(shown);
  const layer = new Map<ComponentId, number>();
  for (const id of shown) {
    const deps = (graph.dependencies.get(id) ?? []).filter((d) => visible.has(d));
    layer.set(id, deps.length === 0 ? 0 : 1 + Math.max(...deps.map((d) => layer.get(d) ?? 0)));
  }
  const rowsPerLayer = new Map<number, number>();
  const at = new Map<ComponentId, { x: number; y: number }>();
  for (const id of shown) {
    const l = layer.get(id) ?? 0;
    const row = rowsPerLayer.get(l) ?? 0;
    rowsPerLayer.set(l, row + 1);
    at.set(id, { x: 10 + l * (NODE_W + GAP_X), y: 10 + row * (NODE_H + GAP_Y) });
  }
  const width = 20 + (Math.max(0, ...layer.values()) + 1) * (NODE_W + GAP_X) - GAP_X;
  const height = 20 + Math.max(1, ...rowsPerLayer.values()) * (NODE_H + GAP_Y) - GAP_Y;
  const parts: string[] = [];
  for (const edge of graph.edges) {
    const a = at.get(edge.from);
    const b = at.get(edge.to);
    if (!a || !b) continue;
    const x1 = a.x + NODE_W, y1 = a.y + NODE_H / 2, x2 = b.x, y2 = b.y + NODE_H / 2;
    const bad = status.get(edge.from) !== 'ok';
    parts.push(`<path d="M${x1},${y1} C${x1 + GAP_X / 2},${y1} ${x2 - GAP_X / 2},${y2} ${x2},${y2}" fill="none" stroke="${bad ? '#c92a2a' : '#868e96'}" stroke-width="${bad ? 2 : 1.2}" marker-end="url(#arrow)"/>`);
  }
  for (const id of shown) {
    const node = graph.nodes.get(id) as Component;
    const p = at.get(id) as { x: number; y: number };
    const s = status.get(id) ?? 'unknown';
    const label = labelOf(node);
    const short = label.length > 28 ? `…${label.slice(-27)}` : label;
    const rx = node.kind === 'worker' ? 17 : node.kind === 'file' ? 3 : 10;
    const width = roots.has(id) ? 3.5 : 1.5;
    parts.push(
      `<g class="node" data-id="${escapeXml(id)}" data-status="${s}"><title>${escapeXml(`${node.kind} ${label}: ${s}${roots.has(id) ? ' (root cause)' : ''}`)}</title>` +
        `<rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="${rx}" fill="${FILL[s]}" stroke="${STROKE[s]}" stroke-width="${width}"/>` +
        `<text x="${p.x + NODE_W / 2}" y="${p.y + NODE_H / 2 + 4}" text-anchor="middle">${roots.has(id) ? '● ' : ''}${escapeXml(short)}</text></g>`,
    );
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="dependency graph" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" style="max-width:100%;height:auto" font-family="system-ui, sans-serif" font-size="12">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#868e96"/></marker></defs>` +
    `${parts.join('')}</svg>`;
  return note ? `<p class="note">${escapeXml(note)}</p>${svg}` : svg;
}

/** Escapes text for XML and HTML. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
