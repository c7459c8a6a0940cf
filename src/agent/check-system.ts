import { diagnose } from '../diagnose/diagnose.js';
import type { Diagnosis } from '../diagnose/types.js';
import { escalatedComponents, loadAgentState } from '../history/agent-state.js';
import { statePaths } from '../fs/state-paths.js';
import { controlPath, readControl, stoppedComponents } from '../history/control-requests.js';
import type { LoadedMap } from '../map/load-map.js';
import type { ComponentId } from '../map/types.js';
import { probeSystem, type ProbeOptions, type SystemProbe } from '../probe/probe-system.js';

/** A check's result: what the probes saw and what it means. */
export interface CheckResult {
  probe: SystemProbe;
  diagnosis: Diagnosis;
  /** The topological order of the components checked (all, or the scope of `only`). */
  order: ComponentId[];
}

/**
 * Probes the world a valid map describes and diagnoses it (changes nothing). Components the
 * agent escalated are marked "needs manual intervention" from its persisted state, so every
 * report shows them.
 */
export async function checkSystem(map: LoadedMap, options: ProbeOptions & { escalated?: Map<ComponentId, string> } = {}): Promise<CheckResult> {
  const escalated = options.escalated ?? escalatedComponents(await loadAgentState(statePaths(map.model.rootDir).state));
  const probe = await probeSystem(map.model, options);
  // A scoped check diagnoses only its part of the graph (it holds every dependency of its members).
  const order = options.only ? map.order.filter((id) => options.only?.has(id)) : map.order;
  // Workers a person stopped on purpose are reported as such, never healed.
  const stopped = stoppedComponents(await readControl(controlPath(statePaths(map.model.rootDir).root)));
  const diagnosis = diagnose({ model: map.model, graph: map.graph, order, probe, escalated, stopped });
  return { probe, diagnosis, order };
}
