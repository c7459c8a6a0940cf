/**
 * Which running dependents a restart of a failing worker carries (pure). Every restart of a
 * worker — any rung of the ladder, a recovery step's restart, a rejuvenation — restarts with it
 * the running workers the map says are part of it (`part of: redis`, systemd's `PartOf=`, which
 * propagates a unit's restart and stop), directly or through another worker restarted with it. A
 * healthy dependent that is not part of it is left running, as systemd leaves a `Requires=`
 * dependent running when its dependency crashes on its own; one that fails once the dependency
 * is back (its health check, its liveness, its output going stale) is repaired then, as its own
 * incident. A dependent with problems of its own now gets its own repair after the dependency's;
 * a dead one its own start.
 */
import { transitiveDependents, type DependencyGraph } from '../graph/build-graph.js';
import { healthById, type Diagnosis } from '../diagnose/types.js';
import type { ComponentId, WorkerSpec } from '../map/types.js';

/** What the choice reads. */
export interface DependentsInput {
  diagnosis: Diagnosis;
  graph: DependencyGraph;
  order: ComponentId[];
}

/** The dependents restarted with the worker, in order, and the healthy ones left running. */
export interface RestartDependents {
  restarted: ComponentId[];
  leftRunning: ComponentId[];
}

/** Chooses the running dependents a restart of `id` carries (its part-of workers); `planned` already have an action. */
export function chooseRestartDependents(input: DependentsInput, id: ComponentId, planned: ReadonlySet<ComponentId>): RestartDependents {
  const downstream = transitiveDependents(input.graph, id);
  const health = healthById(input.diagnosis);
  const restarting = new Set<ComponentId>([id]);
  const restarted: ComponentId[] = [];
  const leftRunning: ComponentId[] = [];
  for (const c of input.order) {
    if (!downstream.has(c) || !c.startsWith('worker:') || planned.has(c)) continue;
    const h = health.get(c);
    // Only a running dependent healmap can tie to the map is ever stopped.
    if (h?.facts.state !== 'running' || h.facts.identifiedBy === 'command-line') continue;
    // One with problems of its own gets its own repair, after the dependency's.
    if (h.problems.some((p) => p.code !== 'dependency-unhealthy')) continue;
    const worker = input.graph.nodes.get(c) as WorkerSpec;
    if ((worker.partOf ?? []).some((p) => restarting.has(p))) {
      restarting.add(c);
      restarted.push(c);
    } else {
      leftRunning.push(c);
    }
  }
  return { restarted, leftRunning };
}

/** The step-2 action's reason after "ladder step 2 restarts it": with whom, and whom it leaves running. */
export function describeStepTwo(failing: ComponentId, chosen: RestartDependents): string {
  const names = (ids: ComponentId[]): string => ids.map((c) => c.slice('worker:'.length)).join(', ');
  const restarted = chosen.restarted.length > 0 ? ` with ${names(chosen.restarted)} (part of it) in order` : ' alone';
  if (chosen.leftRunning.length === 0) return restarted;
  const many = chosen.leftRunning.length > 1;
  return `${restarted}; leaves ${names(chosen.leftRunning)} running: ${many ? 'they have' : 'it has'} no problem of ${many ? 'their' : 'its'} own (a dependent that should restart with it says \`part of: ${failing.slice('worker:'.length)}\`)`;
}

/** What a restart other than step 2 adds to its reason: the part-of workers it carries, if any. */
export function describeCarried(chosen: RestartDependents): string {
  if (chosen.restarted.length === 0) return '';
  return `; restarts ${chosen.restarted.map((c) => c.slice('worker:'.length)).join(', ')} (part of it) with it`;
}

/** Every worker part of `id`, directly or through another, in `order` (what a stop or restart of it carries). */
export function partOfWorkers(graph: DependencyGraph, order: readonly ComponentId[], id: ComponentId): ComponentId[] {
  const carried = new Set<ComponentId>([id]);
  const found: ComponentId[] = [];
  // `part of` is also a dependency, so in topological order each worker comes after what it is part of.
  for (const c of order) {
    const worker = graph.nodes.get(c);
    if (worker?.kind !== 'worker' || !(worker.partOf ?? []).some((p) => carried.has(p))) continue;
    carried.add(c);
    found.push(c);
  }
  return found;
}
