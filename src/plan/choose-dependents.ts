/**
 * Which running dependents ladder step 2 restarts with a failing worker (pure). A dependent is
 * restarted with it only when the map says it is part of it (`part of: redis`, systemd's
 * `PartOf=`), directly or through another dependent restarted with it; a healthy dependent is
 * left running, as systemd leaves a `Requires=` dependent running when its dependency crashes on
 * its own. A dependent that fails once the dependency is back (its health check, its liveness, its
 * output going stale) is repaired then, as its own incident. A dependent with problems of its own
 * now gets its own repair after the dependency's; a dead one its own start.
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
export interface StepTwoDependents {
  restarted: ComponentId[];
  leftRunning: ComponentId[];
}

/** Chooses the running dependents that ladder step 2 restarts with `id`; `planned` already have an action. */
export function chooseStepTwoDependents(input: DependentsInput, id: ComponentId, planned: ReadonlySet<ComponentId>): StepTwoDependents {
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
export function describeStepTwo(failing: ComponentId, chosen: StepTwoDependents): string {
  const names = (ids: ComponentId[]): string => ids.map((c) => c.slice('worker:'.length)).join(', ');
  const restarted = chosen.restarted.length > 0 ? ` with ${names(chosen.restarted)} (part of it) in order` : ' alone';
  if (chosen.leftRunning.length === 0) return restarted;
  const many = chosen.leftRunning.length > 1;
  return `${restarted}; leaves ${names(chosen.leftRunning)} running: ${many ? 'they have' : 'it has'} no problem of ${many ? 'their' : 'its'} own (a dependent that should restart with it says \`part of: ${failing.slice('worker:'.length)}\`)`;
}
