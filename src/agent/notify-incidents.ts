/**
 * Notifications after each healing pass: one Alertmanager alert per root cause still there after
 * the repair (fired, and re-sent at most once a minute while it lasts, well inside Alertmanager's
 * default 5-minute resolve_timeout), resolved with `endsAt` when the component recovers, when
 * `on recover` runs too. Which alerts are active is kept in `.healmap/alerts.json`, so `heal`
 * resolves what `watch` fired and the other way round.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { statePaths } from '../fs/state-paths.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import type { ComponentHealth, Diagnosis } from '../diagnose/types.js';
import type { LoadedMap } from '../map/load-map.js';
import type { ComponentId } from '../map/types.js';
import { postAlerts, type AlertmanagerAlert } from '../repair/notify-alertmanager.js';
import { runEscalation } from '../repair/run-escalation.js';

const RESEND_MS = 60_000;

interface ActiveAlert {
  problem: string;
  kind: string;
  summary: string;
  startsAt: string;
  sentAt: string;
}

/** What a notification pass did, for the log. */
export interface NotifyOutcome {
  fired: ComponentId[];
  resolved: ComponentId[];
  errors: string[];
}

/**
 * Fires, re-sends and resolves alerts from a pass's final diagnosis. A scoped pass (`only`)
 * resolves only components it looked at.
 */
export async function notifyIncidents(map: LoadedMap, diagnosis: Diagnosis, only?: ReadonlySet<ComponentId>, now = Date.now()): Promise<NotifyOutcome> {
  const { alertmanagerUrl, onRecover } = map.model.settings;
  const outcome: NotifyOutcome = { fired: [], resolved: [], errors: [] };
  if (!alertmanagerUrl && !onRecover) return outcome;
  const path = join(statePaths(map.model.rootDir).root, 'alerts.json');
  const active = await readActive(path);
  const before = JSON.stringify(active);
  const byId = new Map(diagnosis.components.map((c) => [c.id, c]));
  const toSend: AlertmanagerAlert[] = [];
  const iso = new Date(now).toISOString();
  for (const id of diagnosis.rootCauses) {
    const c = byId.get(id) as ComponentHealth;
    const own = c.problems[0];
    if (!own || c.status === 'ok') continue;
    const existing = active[id];
    if (existing && now - Date.parse(existing.sentAt) < RESEND_MS && existing.problem === own.code) continue;
    const alert: ActiveAlert = { problem: own.code, kind: c.kind, summary: `${c.name}: ${own.code}: ${own.message}`, startsAt: existing?.startsAt ?? iso, sentAt: iso };
    active[id] = alert;
    toSend.push(toAlert(map, id, alert, c.blastRadius.length));
    if (!existing) outcome.fired.push(id);
  }
  const recovered: [ComponentId, ActiveAlert][] = [];
  for (const [id, alert] of Object.entries(active)) {
    if (diagnosis.rootCauses.includes(id)) continue;
    if (only && !only.has(id)) continue;
    const c = byId.get(id);
    // Gone from the map, or healthy (or now only a symptom of another root cause): resolved.
    if (c && c.status !== 'ok' && c.causedBy === null) continue;
    recovered.push([id, alert]);
    toSend.push({ ...toAlert(map, id, alert, 0), endsAt: iso });
    delete active[id];
    outcome.resolved.push(id);
  }
  if (alertmanagerUrl) {
    const error = await postAlerts(alertmanagerUrl, toSend);
    if (error) outcome.errors.push(error);
  }
  if (onRecover) {
    for (const [id, alert] of recovered) {
      const r = await runEscalation(onRecover, map.model.rootDir, { component: id, problem: alert.problem, attempts: 0, reportPath: statePaths(map.model.rootDir).lastReport });
      if (!r.ok) outcome.errors.push(`on recover for ${id}: ${r.detail}`);
    }
  }
  if (JSON.stringify(active) !== before) await writeFileAtomic(path, `${JSON.stringify(active, null, 2)}\n`);
  return outcome;
}

function toAlert(map: LoadedMap, id: ComponentId, alert: ActiveAlert, blast: number): AlertmanagerAlert {
  return {
    labels: { alertname: 'HealmapRootCause', component: id, kind: alert.kind, problem: alert.problem, map: map.model.mapPath },
    annotations: { summary: alert.summary, description: `root cause found by healmap${blast > 0 ? `; ${blast} component(s) affected downstream` : ''}` },
    startsAt: alert.startsAt,
  };
}

async function readActive(path: string): Promise<Record<ComponentId, ActiveAlert>> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<ComponentId, ActiveAlert>) : {};
  } catch {
    return {};
  }
}
