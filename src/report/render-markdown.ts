import type { DependencyGraph } from '../graph/build-graph.js';
import type { ComponentId } from '../map/types.js';
import { healthById, type ComponentHealth, type Diagnosis } from '../diagnose/types.js';
import { describeCause, describeFacts, shortId, summarize } from './format-health.js';
import { renderMermaid, type NodeStatus } from './render-graph.js';

/** The Markdown health report: summary, root causes with blast radius, tables, coloured graph. */
export function renderMarkdown(diagnosis: Diagnosis, graph: DependencyGraph, order: ComponentId[]): string {
  const out = [`# healmap report — ${diagnosis.status.toUpperCase()}`, '', `${summarize(diagnosis)}. Checked at ${diagnosis.checkedAt}.`, ''];
  const byId = healthById(diagnosis);
  if (diagnosis.rootCauses.length > 0) {
    out.push('## Root causes', '');
    for (const id of diagnosis.rootCauses) {
      const root = byId.get(id) as ComponentHealth;
      const reach = root.blastRadius.length === 0 ? 'nothing else' : root.blastRadius.map((r) => `\`${shortId(r)}\``).join(', ');
      out.push(`- **${escapeCell(root.name)}** (${root.kind}, ${root.status}) — ${escapeCell(describeCause(root))}. Blast radius: ${reach}.`);
    }
    out.push('');
  }
  if (diagnosis.system.length > 0) out.push('## System', '', ...diagnosis.system.map((s) => `- ${s.code}: ${s.message}`), '');
  for (const [kind, title] of [['worker', 'Workers'], ['file', 'Files'], ['config', 'Configs']] as const) {
    const rows = diagnosis.components.filter((c) => c.kind === kind);
    if (rows.length === 0) continue;
    out.push(`## ${title}`, '', `| ${title.slice(0, -1)} | Status | Seen | Problems |`, '|---|---|---|---|');
    for (const c of rows) out.push(`| \`${escapeCell(c.name)}\` | ${c.status} | ${escapeCell(describeFacts(c))} | ${escapeCell(describeCause(c)) || '—'} |`);
    out.push('');
  }
  const status = new Map<ComponentId, NodeStatus>(diagnosis.components.map((c) => [c.id, c.status]));
  out.push('## Dependency graph', '', '```mermaid', renderMermaid(graph, order, status).trimEnd(), '```', '');
  return out.join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
