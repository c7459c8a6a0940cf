/**
 * Forecast breaches -> `predicted-…` warnings (pure). A worker's RSS heading for its declared
 * `max memory`, a data file's write interval growing towards its freshness SLA, free disk
 * falling towards `min free disk`: each forecast with `forecastBreach` (least squares, enough
 * points, a good fit, never a flat or noisy trend), and warned about when the breach falls
 * within the horizon.
 */
import type { SampleWindow } from '../history/sample-window.js';
import { formatDuration } from '../map/parse-values.js';
import type { ComponentId, MapModel } from '../map/types.js';
import { forecastBreach, type ForecastOptions } from './forecast-linear.js';
import { problem } from './component-problems.js';
import { worse, type ComponentHealth, type Diagnosis, type Problem } from './types.js';

/** One forecast breach within the horizon. */
export interface Prediction {
  /** The component, or `system` for free disk. */
  component: ComponentId | 'system';
  code: 'predicted-memory-breach' | 'predicted-file-stale' | 'predicted-disk-low';
  /** When the breach is forecast (ms since the epoch). */
  breachAt: number;
  message: string;
}

/** Options of the forecasts; all optional. */
export interface PredictOptions extends ForecastOptions {
  /** Breaches further away than this are not reported (default 1 h). */
  horizonMs?: number;
}

const MIB = 1024 * 1024;

/** Forecasts every breach the samples show within the horizon. */
export function predictBreaches(model: MapModel, samples: Pick<SampleWindow, 'get'>, diagnosis: Diagnosis, now: number, options: PredictOptions = {}): Prediction[] {
  const horizonMs = options.horizonMs ?? 3_600_000;
  const predictions: Prediction[] = [];
  const inHorizon = (at: number): boolean => at - now <= horizonMs;
  const eta = (at: number): string => (at <= now ? 'now' : `in ~${formatDuration(Math.max(1000, Math.round((at - now) / 1000) * 1000))}`);
  for (const c of diagnosis.components) {
    if (c.kind === 'worker') {
      const worker = model.workers.find((w) => w.id === c.id);
      const limit = worker?.maxMemoryBytes;
      if (!limit || typeof c.facts.pid !== 'number') continue;
      const f = forecastBreach(samples.get(`rss:${c.id}@${c.facts.pid}`), limit, 'rising', options);
      if (f && inHorizon(f.breachAt)) {
        predictions.push({ component: c.id, code: 'predicted-memory-breach', breachAt: f.breachAt, message: `RSS ${mib(f.current)} growing ${mib(f.slopePerSecond * 60)}/min reaches max memory ${mib(limit)} ${eta(f.breachAt)} (fit R² ${f.fit.toFixed(2)} over ${f.points} samples)` });
      }
    } else if (c.kind === 'file' && typeof c.facts.freshWithinSeconds === 'number') {
      const sla = c.facts.freshWithinSeconds * 1000;
      const f = forecastBreach(samples.get(`interval:${c.id}`), sla, 'rising', { ...options, minPoints: Math.min(options.minPoints ?? 6, 6) });
      if (f && inHorizon(f.breachAt)) {
        predictions.push({ component: c.id, code: 'predicted-file-stale', breachAt: f.breachAt, message: `write interval ${formatDuration(Math.round(f.current / 1000) * 1000 || 1000)} and growing reaches its SLA ${formatDuration(sla)} ${eta(f.breachAt)} (fit R² ${f.fit.toFixed(2)} over ${f.points} writes)` });
      }
    }
  }
  const disk = forecastBreach(samples.get('disk-free'), model.settings.minFreeDiskBytes, 'falling', options);
  if (disk && inHorizon(disk.breachAt)) {
    predictions.push({ component: 'system', code: 'predicted-disk-low', breachAt: disk.breachAt, message: `free disk ${mib(disk.current)} falling ${mib(-disk.slopePerSecond * 60)}/min reaches min free disk ${mib(model.settings.minFreeDiskBytes)} ${eta(disk.breachAt)}` });
  }
  return predictions;
}

/** The diagnosis with the predictions added as warnings (nothing else changes). */
export function withPredictions(diagnosis: Diagnosis, predictions: readonly Prediction[]): Diagnosis {
  if (predictions.length === 0) return diagnosis;
  const byComponent = new Map<ComponentId, Problem[]>();
  for (const p of predictions) {
    if (p.component === 'system') continue;
    const list = byComponent.get(p.component) ?? [];
    list.push(problem(p.code as Problem['code'], p.message));
    byComponent.set(p.component, list);
  }
  const components = diagnosis.components.map((c): ComponentHealth => {
    const added = byComponent.get(c.id);
    return added ? { ...c, problems: [...c.problems, ...added], status: worse(c.status, 'warning') } : c;
  });
  const system = [...diagnosis.system, ...predictions.filter((p) => p.component === 'system').map((p) => ({ code: 'predicted-disk-low' as const, message: p.message }))];
  return { ...diagnosis, components, system, status: worse(diagnosis.status, 'warning') };
}

function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}
