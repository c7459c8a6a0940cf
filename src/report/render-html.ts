import type { DependencyGraph } from '../graph/build-graph.js';
import type { ComponentId } from '../map/types.js';
import { healthById, type ComponentHealth, type Diagnosis, type Status } from '../diagnose/types.js';
import { describeCause, describeFacts, shortId, summarize } from './format-health.js';
import { escapeXml, renderSvg } from './render-svg.js';
import { ACTIVITY_CSS, renderActivity } from './render-activity.js';
import type { Activity } from './gather-activity.js';

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /** Seconds between self-refreshes (the live dashboard); none for a static report. */
  refreshSeconds?: number;
  title?: string;
  /** What happened (the live dashboard): recent actions, workers, escalations. */
  activity?: Activity;
}

const BANNER: Record<Status, string> = { ok: '#2b8a3e', warning: '#e67700', critical: '#c92a2a', unknown: '#495057' };

/** One self-contained HTML page (no CDN, no network) a person understands at a glance. */
export function renderHtml(diagnosis: Diagnosis, graph: DependencyGraph, order: ComponentId[], options: HtmlOptions = {}): string {
  const status = new Map(diagnosis.components.map((c) => [c.id, c.status]));
  const roots = new Set(diagnosis.rootCauses);
  const byId = healthById(diagnosis);
  const rootCards = diagnosis.rootCauses.map((id) => {
    const root = byId.get(id) as ComponentHealth;
    const reach = root.blastRadius.length === 0 ? 'nothing else' : root.blastRadius.map((r) => `<code>${escapeXml(shortId(r))}</code>`).join(', ');
    return `<li class="root ${root.status}" data-root="${escapeXml(id)}"><strong>${escapeXml(root.name)}</strong> <span class="kind">${root.kind}</span> — ${escapeXml(describeCause(root))}<br><small>Blast radius: ${reach}</small></li>`;
  });
  const tables = (['worker', 'file', 'config'] as const).map((kind) => {
    const rows = diagnosis.components.filter((c) => c.kind === kind);
    if (rows.length === 0) return '';
    const body = rows
      .map((c) => `<tr class="${c.status}"><td>${roots.has(c.id) ? '● ' : ''}<code>${escapeXml(c.name)}</code></td><td><span class="badge ${c.status}">${c.status}</span></td><td>${escapeXml(describeFacts(c))}</td><td>${escapeXml(describeCause(c)) || '—'}</td></tr>`)
      .join('\n');
    return `<h2>${kind[0]?.toUpperCase()}${kind.slice(1)}s</h2><table><thead><tr><th>${kind}</th><th>status</th><th>seen</th><th>problems</th></tr></thead><tbody>${body}</tbody></table>`;
  });
  const system = diagnosis.system.length > 0 ? `<h2>System</h2><ul>${diagnosis.system.map((s) => `<li>${escapeXml(s.message)}</li>`).join('')}</ul>` : '';
  const refresh = options.refreshSeconds ? `<meta http-equiv="refresh" content="${options.refreshSeconds}">` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">${refresh}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(options.title ?? 'healmap')} — ${diagnosis.status.toUpperCase()}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#212529;background:#f8f9fa}
header{padding:18px 24px;color:#fff;background:${BANNER[diagnosis.status]}}
header h1{margin:0;font-size:22px}main{padding:8px 24px 32px}
h2{font-size:17px;margin:22px 0 8px}table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #dee2e6;vertical-align:top}
th{background:#f1f3f5;font-weight:600}code{font-size:13px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff}
.badge.ok{background:#2b8a3e}.badge.warning{background:#e67700}.badge.critical{background:#c92a2a}.badge.unknown{background:#495057}
ul.roots{list-style:none;padding:0}li.root{background:#fff;border-left:6px solid #c92a2a;padding:10px 14px;margin:8px 0}
li.root.warning{border-color:#e67700}li.root .kind{color:#868e96}
.graph{overflow:auto;background:#fff;padding:8px;border:1px solid #dee2e6}.note{color:#868e96}
${options.activity ? ACTIVITY_CSS : ''}
</style></head><body>
<header><h1 id="status">${diagnosis.status.toUpperCase()}</h1><div id="summary">${escapeXml(summarize(diagnosis))}</div><small>Checked at ${escapeXml(diagnosis.checkedAt)}</small></header>
<main>
${rootCards.length > 0 ? `<h2>Root causes</h2><ul class="roots">${rootCards.join('\n')}</ul>` : '<h2>Root causes</h2><p>None: every component is healthy.</p>'}
${system}
${options.activity ? renderActivity(options.activity) : ''}
<h2>Dependency graph</h2><div class="graph">${renderSvg(graph, order, status, roots)}</div>
${tables.join('\n')}
</main></body></html>
`;
}
