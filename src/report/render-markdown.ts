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
      const reach = root.blastRadius.length === 0 ? 'nothing else' : root.blastRadius.map((r) => codeSpan(shortId(r))).join(', ');
      out.push(`- **${escapeText(root.name)}** (${root.kind}, ${root.status}) — ${escapeText(describeCause(root))}. Blast radius: ${reach}.`);
    }
    out.push('');
  }
  if (diagnosis.system.length > 0) out.push('## System', '', ...diagnosis.system.map((s) => `- ${s.code}: ${escapeText(s.message)}`), '');
  for (const [kind, title] of [['worker', 'Workers'], ['file', 'Files'], ['config', 'Configs']] as const) {
    const rows = diagnosis.components.filter((c) => c.kind === kind);
    if (rows.length === 0) continue;
    out.push(`## ${title}`, '', `| ${title.slice(0, -1)} | Status | Seen | Problems |`, '|---|---|---|---|');
    for (const c of rows) out.push(`| ${codeSpan(c.name)} | ${c.status} | ${escapeText(describeFacts(c))} | ${escapeText(describeCause(c)) || '—'} |`);
    out.push('');
  }
  const status = new Map<ComponentId, NodeStatus>(diagnosis.components.map((c) => [c.id, c.status]));
  out.push('## Dependency graph', '', '```mermaid', renderMermaid(graph, order, status).trimEnd(), '```', '');
  return out.join('\n');
}

// Names, paths, messages and config content come from the team's files: none may open raw HTML,
// an autolink or a link, break a table row, or end the line. `&`, `<`, `>` become entities;
// Markdown's link and table punctuation is backslash-escaped; line breaks become spaces. (`*` and `_` may emphasise, which is harmless.)
function escapeText(text: string): string {
  return oneLine(text)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/[\\[\]|]/g, (c) => `\\${c}`);
}

// A code span shows its text literally (no HTML inside), so only its fence, a table's `|` and line
// breaks need care: the fence is one backtick longer than the longest run inside (CommonMark).
function codeSpan(text: string): string {
  const inner = oneLine(text).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(inner.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || inner.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${inner}${pad}${fence}`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
