/**
 * Probes + graph -> diagnosis (pure). Every symptom is attributed to the most upstream unhealthy
 * component it depends on, so a dead producer, its stale output and its blocked consumers are
 * one incident with one root cause, not three alerts.
 */
import type { DependencyGraph } from '../graph/build-graph.js';
import type { Component, ComponentId, FileSpec, MapModel } from '../map/types.js';
import { formatDuration } from '../map/parse-values.js';
import type { SystemProbe } from '../probe/probe-system.js';
import { configProblems, fileProblems, isStale, problem, workerProblems } from './component-problems.js';
import { worse, type ComponentHealth, type Diagnosis, type Problem, type Status, type SystemWarning } from './types.js';

const NONE: readonly ComponentId[] = [];

/** What diagnose needs: the map's model, graph and order, and what the probes saw. */
export interface DiagnoseInput {
  model: MapModel;
  graph: DependencyGraph;
  order: ComponentId[];
  probe: SystemProbe;
  /** Components healmap gave up repairing automatically, with why (from the agent's state). */
  escalated?: Map<ComponentId, string>;
}

/** Diagnoses every component and the whole system. */
export function diagnose({ model, graph, order, probe, escalated }: DiagnoseInput): Diagnosis {
  const own = new Map<ComponentId, Problem[]>();
  const rootsAbove = new Map<ComponentId, ComponentId[]>();
  const position = new Map(order.map((id, i) => [id, i]));
  const byPosition = (a: ComponentId, b: ComponentId): number => (position.get(a) ?? 0) - (position.get(b) ?? 0);
  const unhealthy = (id: ComponentId): boolean => (own.get(id)?.length ?? 0) > 0;

  for (const id of order) {
    const component = graph.nodes.get(id) as Component;
    // Only components below an unhealthy one get a set (a healthy map allocates none).
    let above: Set<ComponentId> | null = null;
    for (const dep of graph.dependencies.get(id) ?? NONE) {
      const depRoots = rootsAbove.get(dep);
      if (depRoots) for (const root of depRoots) (above ??= new Set()).add(root);
      else if (unhealthy(dep)) (above ??= new Set()).add(dep);
    }
    if (above) rootsAbove.set(id, [...above].sort(byPosition));
    const problems = ownProblems(component, probe);
    // A live worker whose output is stale while nothing upstream is wrong is hung: a root cause.
    if (component.kind === 'worker' && problems.length === 0 && !above) {
      const seen = probe.workers.get(component.id);
      const uptimeMs = seen?.ok ? seen.value.uptimeMs : null;
      // A worker started less than one SLA ago has not had its chance to write yet.
      const stale = component.produces
        .map((f) => graph.nodes.get(f) as FileSpec)
        .filter((f) => f && isStale(f, probe) && (uptimeMs === null || uptimeMs >= (f.freshWithinMs ?? 0)));
      if (stale.length > 0) problems.push(hungProblem(component.produces.length, stale, probe));
    }
    const reason = escalated?.get(id);
    if (reason) problems.push(problem('needs-manual-intervention', `needs manual intervention: ${reason}`));
    own.set(id, problems);
  }

  const components = order.map((id) => health(graph.nodes.get(id) as Component, own.get(id) ?? [], rootsAbove.get(id) ?? NONE, probe));
  const rootCauses = components.filter((c) => c.problems.length > 0 && c.causedBy === null).map((c) => c.id);
  const byId = new Map(components.map((c) => [c.id, c]));
  for (const id of order) {
    for (const root of rootsAbove.get(id) ?? NONE) byId.get(root)?.blastRadius.push(id);
  }
  const roots = new Set(rootCauses);
  const system = systemWarnings(model, probe);
  return {
    status: overallStatus(components, system),
    checkedAt: new Date(probe.takenAt).toISOString(),
    components: [...components.filter((c) => roots.has(c.id)), ...components.filter((c) => !roots.has(c.id))],
    rootCauses,
    system,
    resources: probe.resources ? { ...probe.resources } : {},
  };
}

function ownProblems(component: Component, probe: SystemProbe): Problem[] {
  switch (component.kind) {
    case 'worker': return workerProblems(component, probe);
    case 'file': return fileProblems(component, probe);
    case 'config': return configProblems(component, probe);
  }
}

function hungProblem(outputs: number, stale: FileSpec[], probe: SystemProbe): Problem {
  const first = stale[0] as FileSpec;
  const seen = probe.files.get(first.id);
  const age = seen?.ok ? formatDuration(seen.value.ageMs ?? 0) : '?';
  const which = outputs === 1 ? 'its output' : `${stale.length} of its ${outputs} outputs, e.g.`;
  return problem('process-hung', `alive but ${which} ${first.path} is stale (${age} old, SLA ${formatDuration(first.freshWithinMs ?? 0)})`);
}

function health(component: Component, problems: Problem[], above: readonly ComponentId[], probe: SystemProbe): ComponentHealth {
  const causedBy = above[0] ?? null;
  const all = problems.length === 0 && causedBy ? [problem('dependency-unhealthy', `blocked by ${causedBy}`)] : problems;
  let status: Status = 'ok';
  for (const p of all) status = worse(status, p.severity);
  if (!component.critical && status === 'critical') status = 'warning';
  return {
    id: component.id,
    kind: component.kind,
    name: component.kind === 'worker' ? component.name : component.path,
    status,
    critical: component.critical,
    problems: all,
    causedBy,
    blastRadius: [],
    facts: factsOf(component, probe),
  };
}

function factsOf(component: Component, probe: SystemProbe): Record<string, unknown> {
  if (component.kind === 'worker') {
    const seen = probe.workers.get(component.id);
    const port = probe.ports.get(component.id);
    const lock = probe.locks.get(component.id);
    const p = seen?.ok ? seen.value : null;
    return {
      state: p?.state ?? 'unknown', pid: p?.pid ?? null, identifiedBy: p?.identifiedBy ?? null, hasPidfile: p?.hasPidfile ?? null,
      uptimeSeconds: p?.uptimeMs == null ? null : Math.round(p.uptimeMs / 1000),
      cpuPercent: p?.cpuPercent ?? null, memoryBytes: p?.memoryBytes ?? null,
      ...(component.port !== null ? { port: component.port, portOpen: port?.ok ? port.value.open : null, portHolderPid: port?.ok ? port.value.holderPid : null } : {}),
      ...(component.lock !== null ? { lock: component.lock, lockPid: lock?.ok ? lock.value.pid : null, lockHolder: lock?.ok ? lock.value.holder : null } : {}),
    };
  }
  if (component.kind === 'file') {
    const seen = probe.files.get(component.id);
    const f = seen?.ok ? seen.value : null;
    return {
      exists: f?.exists ?? null, sizeBytes: f?.sizeBytes ?? null, mtimeMs: f?.mtimeMs ?? null,
      ageSeconds: f?.ageMs == null ? null : Math.round(f.ageMs / 1000),
      freshWithinSeconds: component.freshWithinMs === null ? null : component.freshWithinMs / 1000,
      producer: component.producer,
    };
  }
  const seen = probe.configs.get(component.id);
  return { exists: seen?.ok ? seen.value.exists : null, parses: seen?.ok ? seen.value.exists && seen.value.parseError === null : null };
}

function systemWarnings(model: MapModel, probe: SystemProbe): SystemWarning[] {
  const warnings: SystemWarning[] = [];
  const r = probe.resources;
  if (!r) return warnings;
  const mib = (bytes: number): string => `${Math.round(bytes / 1024 ** 2)} MiB`;
  if (r.diskFreeBytes !== null && r.diskFreeBytes < model.settings.minFreeDiskBytes) {
    warnings.push({ code: 'disk-low', message: `only ${mib(r.diskFreeBytes)} free on the map's filesystem (threshold ${mib(model.settings.minFreeDiskBytes)})` });
  }
  if (r.memoryFreeBytes < model.settings.minFreeMemoryBytes) {
    warnings.push({ code: 'memory-low', message: `only ${mib(r.memoryFreeBytes)} of memory free (threshold ${mib(model.settings.minFreeMemoryBytes)})` });
  }
  return warnings;
}

function overallStatus(components: ComponentHealth[], system: SystemWarning[]): Status {
  if (components.some((c) => c.critical && (c.status === 'critical' || c.status === 'warning'))) return 'critical';
  if (components.some((c) => c.status === 'critical' || c.status === 'warning') || system.length > 0) return 'warning';
  if (components.some((c) => c.status === 'unknown')) return 'unknown';
  return 'ok';
}
