import type { Activity } from './gather-activity.js';
import { escapeXml } from './render-svg.js';

/** The dashboard's "what happened" sections: escalations, recent actions, workers with their last log lines. */
export function renderActivity(activity: Activity, now = Date.now()): string {
  const escalations = activity.escalations.length === 0 ? '' : `<h2>Needs a person</h2><ul class="escalations">${activity.escalations
    .map((e) => `<li class="escalation" data-id="${escapeXml(e.id)}"><strong>${escapeXml(e.name)}</strong> escalated ${escapeXml(ago(e.since, now))}: ${escapeXml(e.reason)}<br>Once fixed, run <code class="resolve">${escapeXml(e.command)}</code></li>`)
    .join('\n')}</ul>`;
  const rows = activity.timeline.map((e) => {
    const took = e.durationMs >= 1000 ? `${(e.durationMs / 1000).toFixed(1)} s` : `${Math.round(e.durationMs)} ms`;
    return `<tr class="result-${escapeXml(e.result)}"><td title="${escapeXml(e.time)}">${escapeXml(clock(e.time))}</td><td><code>${escapeXml(short(e.component))}</code></td><td>${escapeXml(e.action)}</td><td>${escapeXml(e.reason)}${e.detail ? `<br><small>${escapeXml(e.detail)}</small>` : ''}</td><td><span class="result ${escapeXml(e.result)}">${escapeXml(e.result)}</span></td><td>${escapeXml(took)}</td></tr>`;
  });
  const timeline = `<h2>Recent actions</h2>${rows.length === 0 ? '<p class="note">No repairs yet.</p>' : `<table id="timeline"><thead><tr><th>time</th><th>component</th><th>action</th><th>why</th><th>result</th><th>took</th></tr></thead><tbody>${rows.join('\n')}</tbody></table><small class="note">Newest first, the last ${rows.length} from .healmap/history.jsonl.</small>`}`;
  const workers = activity.workers.map((w) => {
    // Escalation never ends the retries: they go on (once per cooldown past the ladder's end).
    const retry = w.nextAttemptAt === null ? '—' : w.nextAttemptAt <= now ? 'due' : `in ${duration(w.nextAttemptAt - now)}`;
    const next = w.nextStep === null ? '' : `${escapeXml(w.nextStep)} (attempt ${w.attempts + 1})`;
    const ladder = w.escalated ? `escalated after ${w.attempts} attempts${next ? `; next ${next}` : ''}` : next || '—';
    const log = w.logLines.length === 0 ? '<span class="note">no captured output</span>' : `<pre class="log">${w.logLines.map(escapeXml).join('\n')}</pre>`;
    return `<tr data-worker="${escapeXml(w.id)}"><td><code>${escapeXml(w.name)}</code></td><td class="restarts">${w.restarts}</td><td>${w.uptimeSeconds === null ? '—' : escapeXml(duration(w.uptimeSeconds * 1000))}</td><td>${escapeXml(retry)}</td><td>${ladder}</td><td>${log}</td></tr>`;
  });
  const table = workers.length === 0 ? '' : `<h2>Worker activity</h2><table id="worker-activity"><thead><tr><th>worker</th><th>restarts</th><th>uptime</th><th>next retry</th><th>ladder step</th><th>last log lines</th></tr></thead><tbody>${workers.join('\n')}</tbody></table>`;
  return `${escalations}\n${timeline}\n${table}`;
}

/** The CSS of {@link renderActivity}'s sections. */
export const ACTIVITY_CSS = `ul.escalations{list-style:none;padding:0}li.escalation{background:#fff4e6;border-left:6px solid #e67700;padding:10px 14px;margin:8px 0}
code.resolve{background:#212529;color:#fff;padding:2px 6px;border-radius:3px}
.result{font-weight:600}.result.succeeded{color:#2b8a3e}.result.failed,.result.escalated{color:#c92a2a}.result.blocked,.result.skipped{color:#868e96}
pre.log{margin:0;font-size:12px;white-space:pre-wrap;word-break:break-all;max-height:7.5em;overflow:auto;background:#f1f3f5;padding:4px 6px}`;

function short(id: string): string {
  return id.slice(id.indexOf(':') + 1);
}

function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function ago(at: number, now: number): string {
  return `${duration(Math.max(0, now - at))} ago`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}
