import type { DependencyGraph } from '../graph/build-graph.js';
import type { Component, ComponentId } from '../map/types.js';

/** Status colours a rendered graph may carry (from a diagnosis); absent means uncoloured. */
export type NodeStatus = 'ok' | 'warning' | 'critical' | 'unknown';

/** Renders the graph as a Mermaid flowchart (renders on GitHub), optionally coloured by status. */
export function renderMermaid(graph: DependencyGraph, order: ComponentId[], status?: Map<ComponentId, NodeStatus>): string {
  const ids = nodeIndex(graph, order);
  const lines = ['flowchart LR'];
  for (const [id, n] of ids) {
    const node = graph.nodes.get(id) as Component;
    const label = mermaidLabel(labelOf(node));
    const shape = node.kind === 'worker' ? `(["${label}"])` : node.kind === 'file' ? `[("${label}")]` : `{{"${label}"}}`;
    const state = status?.get(id);
    lines.push(`  n${n}${shape}${state ? `:::${state}` : ''}`);
  }
  for (const edge of graph.edges) lines.push(`  n${ids.get(edge.from)} --> n${ids.get(edge.to)}`);
  if (status) {
    lines.push(
      '  classDef ok fill:#d3f9d8,stroke:#2b8a3e,color:#0b3d17',
      '  classDef warning fill:#fff3bf,stroke:#e67700,color:#5c3c00',
      '  classDef critical fill:#ffe3e3,stroke:#c92a2a,color:#5c0b0b',
      '  classDef unknown fill:#e9ecef,stroke:#495057,color:#212529',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Renders the graph in Graphviz DOT, optionally coloured by status. */
export function renderDot(graph: DependencyGraph, order: ComponentId[], status?: Map<ComponentId, NodeStatus>): string {
  const fills: Record<NodeStatus, string> = { ok: '#d3f9d8', warning: '#fff3bf', critical: '#ffe3e3', unknown: '#e9ecef' };
  const lines = ['digraph healmap {', '  rankdir=LR;', '  node [fontname="Helvetica", style=filled, fillcolor=white];'];
  for (const id of nodeIndex(graph, order).keys()) {
    const node = graph.nodes.get(id) as Component;
    const shape = node.kind === 'worker' ? 'box' : node.kind === 'file' ? 'note' : 'component';
    const state = status?.get(id);
    const fill = state ? `, fillcolor="${fills[state]}"` : '';
    lines.push(`  ${dotString(id)} [label=${dotString(labelOf(node))}, shape=${shape}${fill}];`);
  }
  for (const edge of graph.edges) lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** The short label of a node: a worker's name, a file's or config's path. */
export function labelOf(node: Component): string {
  return node.kind === 'worker' ? node.name : node.path;
}

// Topological order first, then any node left out of it (on a cycle), so every node appears.
function nodeIndex(graph: DependencyGraph, order: ComponentId[]): Map<ComponentId, number> {
  const ids = new Map<ComponentId, number>();
  for (const id of [...order, ...graph.nodes.keys()]) if (!ids.has(id)) ids.set(id, ids.size);
  return ids;
}

function mermaidLabel(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'));
}

function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
