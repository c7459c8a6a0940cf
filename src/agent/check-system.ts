import { diagnose } from '../diagnose/diagnose.js';
import type { Diagnosis } from '../diagnose/types.js';
import type { LoadedMap } from '../map/load-map.js';
import type { ComponentId } from '../map/types.js';
import { probeSystem, type ProbeOptions, type SystemProbe } from '../probe/probe-system.js';

/** A check's result: what the probes saw and what it means. */
export interface CheckResult {
  probe: SystemProbe;
  diagnosis: Diagnosis;
}

/** Probes the world a valid map describes and diagnoses it (changes nothing). */
export async function checkSystem(map: LoadedMap, options: ProbeOptions & { escalated?: Map<ComponentId, string> } = {}): Promise<CheckResult> {
  const probe = await probeSystem(map.model, options);
  const diagnosis = diagnose({ model: map.model, graph: map.graph, order: map.order, probe, escalated: options.escalated });
  return { probe, diagnosis };
}
