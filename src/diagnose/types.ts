import type { ComponentId, ComponentKind } from '../map/types.js';

/** A component's health, in the monitoring-plugin vocabulary (exit codes 0..3). */
export type Status = 'ok' | 'warning' | 'critical' | 'unknown';

/** Stable problem codes; the README documents each. */
export type ProblemCode =
  | 'process-dead'
  | 'process-zombie'
  | 'process-stopped'
  | 'process-hung'
  | 'port-closed'
  | 'unhealthy'
  | 'port-held-by-other'
  | 'port-holder-unknown'
  | 'lock-stale'
  | 'file-missing'
  | 'file-stale'
  | 'clock-skew'
  | 'config-missing'
  | 'config-invalid-json'
  | 'config-unparsable'
  | 'config-check-failed'
  | 'config-not-object'
  | 'config-field-missing'
  | 'config-field-wrong-type'
  | 'config-field-out-of-range'
  | 'config-schema-violation'
  | 'config-mismatch'
  | 'config-source-field-missing'
  | 'dependency-unhealthy'
  | 'probe-failed'
  | 'needs-manual-intervention'
  | 'job-due'
  | 'job-failed'
  | 'predicted-memory-breach'
  | 'predicted-file-stale';

/** One thing wrong with a component. */
export interface Problem {
  code: ProblemCode;
  message: string;
  severity: Status;
}

/** A component's diagnosis: its status, its problems, and who caused them. */
export interface ComponentHealth {
  id: ComponentId;
  kind: ComponentKind;
  /** Worker name or file/config path. */
  name: string;
  status: Status;
  critical: boolean;
  problems: readonly Problem[];
  /** The root cause upstream of this component, or null when it is healthy or a root itself. */
  causedBy: ComponentId | null;
  /** For a root cause: every component its failure reaches (its blast radius). */
  blastRadius: readonly ComponentId[];
  /** What the probes saw (pid, uptime, age, size...), for reports and JSON. */
  facts: Record<string, unknown>;
}

/** A system-wide warning (disk, memory) that belongs to no component. */
export interface SystemWarning {
  code: 'disk-low' | 'memory-low' | 'predicted-disk-low';
  message: string;
}

/** The diagnosis of a whole map: what `check` prints and every later stage reads. */
export interface Diagnosis {
  status: Status;
  checkedAt: string;
  /** Root causes first (topological order), then the rest in topological order. */
  components: ComponentHealth[];
  rootCauses: ComponentId[];
  system: SystemWarning[];
  resources: Record<string, number | null>;
}

/** The one empty problem list every healthy component shares (a healthy map allocates none). */
export const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

const indexes = new WeakMap<Diagnosis, ReadonlyMap<ComponentId, ComponentHealth>>();

/**
 * Each component's health by id. Built once per diagnosis and shared by the planner, the
 * executor and the reports: a diagnosis is not changed once made.
 */
export function healthById(diagnosis: Diagnosis): ReadonlyMap<ComponentId, ComponentHealth> {
  let index = indexes.get(diagnosis);
  if (!index) {
    const byId = new Map<ComponentId, ComponentHealth>();
    for (let i = 0; i < diagnosis.components.length; i++) {
      const c = diagnosis.components[i] as ComponentHealth;
      byId.set(c.id, c);
    }
    indexes.set(diagnosis, byId);
    index = byId;
  }
  return index;
}

const RANK: Record<Status, number> = { ok: 0, unknown: 1, warning: 2, critical: 3 };

/** The worse of two statuses (critical > warning > unknown > ok). */
export function worse(a: Status, b: Status): Status {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Exit code of a status, by the monitoring plugin convention (Nagios, Icinga). */
export function exitCodeOf(status: Status): number {
  return { ok: 0, warning: 1, critical: 2, unknown: 3 }[status];
}
