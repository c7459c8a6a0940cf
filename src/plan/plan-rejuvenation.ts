/**
 * A restart before a forecast memory breach (pure), software rejuvenation: only where the map
 * allows it (`restart before breach: yes` beside `max memory`), only a worker healmap can tie to
 * the map, and at a quiet moment: just after the worker wrote its outputs (each written within
 * the first quarter of its SLA), or, when it never is quiet, once the breach is close.
 */
import type { ComponentHealth, Diagnosis, Problem } from '../diagnose/types.js';
import { healthById } from '../diagnose/types.js';
import type { DependencyGraph } from '../graph/build-graph.js';
import { formatDuration } from '../map/parse-values.js';
import type { ComponentId, FileSpec, WorkerSpec } from '../map/types.js';

/** What the decision reads. */
export interface RejuvenationInput {
  diagnosis: Diagnosis;
  graph: DependencyGraph;
  /** Forecast breach times by component. */
  predictions?: ReadonlyMap<ComponentId, number>;
  now: number;
}

/** The restart to plan and why, or null when none is due (or allowed). */
export function planRejuvenation(input: RejuvenationInput, h: ComponentHealth): { problem: Problem; reason: string } | null {
  const predicted = h.problems.find((p) => p.code === 'predicted-memory-breach');
  const worker = input.graph.nodes.get(h.id) as WorkerSpec | undefined;
  if (!predicted || worker?.kind !== 'worker' || !worker.restartBeforeBreach) return null;
  if (h.facts.state !== 'running' || h.facts.identifiedBy === 'command-line') return null;
  const breachAt = input.predictions?.get(h.id) ?? input.now;
  const lastChanceMs = Math.max(30_000, 3 * worker.startWithinMs);
  const health = healthById(input.diagnosis);
  const outputs = worker.produces.map((id) => ({ spec: input.graph.nodes.get(id) as FileSpec, seen: health.get(id) })).filter((o) => o.spec.freshWithinMs !== null);
  const quiet = outputs.every((o) => typeof o.seen?.facts.ageSeconds === 'number' && (o.seen.facts.ageSeconds as number) * 1000 <= (o.spec.freshWithinMs as number) / 4);
  const when = breachAt - input.now <= 0 ? 'now' : `in ~${formatDuration(Math.max(1000, Math.round((breachAt - input.now) / 1000) * 1000))}`;
  if (quiet) {
    const moment = outputs.length > 0 ? `it has just written ${outputs.map((o) => o.spec.path).join(', ')}` : 'it declares no outputs to wait for';
    return { problem: predicted, reason: `predicted memory breach ${when}: restarting it before the breach, at a quiet moment (${moment})` };
  }
  if (breachAt - input.now <= lastChanceMs) return { problem: predicted, reason: `predicted memory breach ${when}: restarting it now, no quiet moment came before the last ${formatDuration(lastChanceMs)}` };
  return null;
}
