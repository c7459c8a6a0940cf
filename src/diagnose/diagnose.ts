/**
 * Probes + graph -> diagnosis (pure). Every symptom is attributed to the most upstream unhealthy
 * component it depends on, so a dead producer, its stale output and its blocked consumers are
 * one incident with one root cause, not three alerts.
 */
import { transitiveDependencies, type DependencyGraph } from '../graph/build-graph.js';
import type { Component, ComponentId, FileSpec, MapModel, WorkerSpec } from '../map/types.js';
import { formatDuration } from '../map/parse-values.js';
import type { SystemProbe } from '../probe/probe-system.js';
import { recordsRuns } from '../probe/probe-job.js';
import { jobFacts, recordedWorkerProblems } from './job-problems.js';
import { ruledConfigProblems, type RuleFact } from './rule-problems.js';
import { configProblems, fileProblems, isStale, problem, workerProblems } from './component-problems.js';
import { NO_PROBLEMS, worse, type ComponentHealth, type Diagnosis, type Problem, type Status, type SystemWarning } from './types.js';

const NONE: readonly ComponentId[] = Object.freeze([]);

/** What diagnose needs: the map's model, graph and order, and what the probes saw. */
export interface DiagnoseInput {
  model: MapModel;
  graph: DependencyGraph;
  order: ComponentId[];
  probe: SystemProbe;
  /** Components healmap gave up repairing automatically, with why (from the agent's state). */
  escalated?: Map<ComponentId, string>;
  /** Workers a person stopped on purpose (`healmap stop NAME`), with since when: not healed. */
  stopped?: ReadonlyMap<ComponentId, string>;
}

/** Diagnoses every component and the whole system. */
export function diagnose({ model, graph, order, probe, escalated, stopped }: DiagnoseInput): Diagnosis {
  const own = new Map<ComponentId, readonly Problem[]>();
  const rootsAbove = new Map<ComponentId, ComponentId[]>();
  const position = positionsOf(order);
  const byPosition = (a: ComponentId, b: ComponentId): number => (position.get(a) ?? 0) - (position.get(b) ?? 0);
  const unhealthy = (id: ComponentId): boolean => (own.get(id)?.length ?? 0) > 0;
  let ruleFacts: Map<ComponentId, RuleFact[]> | null = null;

  // Indexed loops: this runs over every component each cycle, and an iterator allocates a
  // result object per step until V8 has optimized the loop.
  for (let i = 0; i < order.length; i++) {
    const id = order[i] as ComponentId;
    const component = graph.nodes.get(id) as Component;
    // Only components below an unhealthy one get a set (a healthy map allocates none).
    let above: Set<ComponentId> | null = null;
    const deps = graph.dependencies.get(id) ?? NONE;
    for (let d = 0; d < deps.length; d++) {
      const dep = deps[d] as ComponentId;
      const depRoots = rootsAbove.get(dep);
      if (depRoots) for (const root of depRoots) (above ??= new Set()).add(root);
      else if (unhealthy(dep)) (above ??= new Set()).add(dep);
    }
    if (above) rootsAbove.set(id, [...above].sort(byPosition));
    // A config under cross-config rules is judged with them (its ruled fields by the rule).
    const ruled = component.kind === 'config' && model.rules ? ruledConfigProblems(component, model, probe, unhealthy) : null;
    if (ruled && ruled.facts.length > 0) (ruleFacts ??= new Map()).set(id, ruled.facts);
    let problems = ruled ? ruled.problems : component.kind === 'worker' && recordsRuns(component) ? recordedWorkerProblems(component, graph, probe) : ownProblems(component, probe);
    // Stopped on purpose and not running: reported as such, never healed.
    if (stopped?.has(id) && component.kind === 'worker' && !isRunning(probe, id)) problems = NO_PROBLEMS;
    // A live worker whose output is stale while nothing upstream is wrong is hung: a root cause.
    // (A job is not hung while it runs: it is rebuilding its output.)
    else if (component.kind === 'worker' && component.type !== 'job' && problems.length === 0 && !above) {
      const stale = staleOutputs(component, graph, probe);
      if (stale) problems = [hungProblem(component.produces.length, stale, probe)];
    }
    const reason = escalated?.get(id);
    if (reason) problems = [...problems, problem('needs-manual-intervention', `needs manual intervention: ${reason}`)];
    if (problems.length > 0) own.set(id, problems);
  }

  const components = order.map((id) => health(graph.nodes.get(id) as Component, own.get(id) ?? NO_PROBLEMS, rootsAbove.get(id) ?? NONE, probe));
  if (stopped && stopped.size > 0) {
    for (const c of components) if (stopped.has(c.id)) c.facts = { ...c.facts, stoppedByRequest: stopped.get(c.id) };
  }
  if (ruleFacts) for (const c of components) if (ruleFacts.has(c.id)) c.facts = { ...c.facts, rules: ruleFacts.get(c.id) };
  const rootCauses = components.filter((c) => c.problems.length > 0 && c.causedBy === null).map((c) => c.id);
  // Blast radii, for the root causes only (a healthy map has none and allocates nothing here).
  const radius = new Map<ComponentId, ComponentId[]>();
  // rootsAbove was filled in topological order, so each radius lists its components in that order.
  for (const [id, roots] of rootsAbove) {
    for (const root of roots) {
      const list = radius.get(root);
      if (list) list.push(id);
      else radius.set(root, [id]);
    }
  }
  if (radius.size > 0) {
    for (let i = 0; i < components.length; i++) {
      const c = components[i] as ComponentHealth;
      c.blastRadius = radius.get(c.id) ?? c.blastRadius;
    }
  }
  const roots = new Set(rootCauses);
  const system = systemWarnings(model, probe);
  return {
    status: overallStatus(components, system),
    checkedAt: new Date(probe.takenAt).toISOString(),
    components: roots.size === 0 ? components : [...components.filter((c) => roots.has(c.id)), ...components.filter((c) => !roots.has(c.id))],
    rootCauses,
    system,
    resources: probe.resources ? { ...probe.resources } : {},
  };
}

// Each order's positions, computed once: a daemon diagnoses the same order every cycle.
const positions = new WeakMap<readonly ComponentId[], Map<ComponentId, number>>();

function positionsOf(order: readonly ComponentId[]): Map<ComponentId, number> {
  let map = positions.get(order);
  if (!map) {
    map = new Map();
    for (let i = 0; i < order.length; i++) map.set(order[i] as ComponentId, i);
    positions.set(order, map);
  }
  return map;
}

function isRunning(probe: SystemProbe, id: ComponentId): boolean {
  const seen = probe.workers.get(id);
  return Boolean(seen?.ok && (seen.value.state === 'running' || seen.value.state === 'stopped'));
}

function ownProblems(component: Component, probe: SystemProbe): readonly Problem[] {
  switch (component.kind) {
    case 'worker': return workerProblems(component, probe);
    case 'file': return fileProblems(component, probe);
    case 'config': return configProblems(component, probe);
  }
}

// The outputs of a live worker that are past their SLA, or null. A worker started less than one
// SLA ago has not had its chance to write yet, nor has one whose upstream worker did: an output
// that went stale while a dependency was down is no sign that its writer hangs.
function staleOutputs(worker: WorkerSpec, graph: DependencyGraph, probe: SystemProbe): FileSpec[] | null {
  let stale: FileSpec[] | null = null;
  for (let i = 0; i < worker.produces.length; i++) {
    const f = graph.nodes.get(worker.produces[i] as ComponentId) as FileSpec | undefined;
    if (f && isStale(f, probe)) (stale ??= []).push(f);
  }
  if (!stale) return null;
  // Only computed when an output is stale: a healthy cycle walks no graph here.
  const sinceMs = upMs(probe, worker.id, graph);
  const due = stale.filter((f) => sinceMs === null || sinceMs >= (f.freshWithinMs ?? 0));
  return due.length > 0 ? due : null;
}

// How long the worker and every worker upstream of it have all been up (the shortest uptime), or
// null when the worker's own is unknown.
function upMs(probe: SystemProbe, id: ComponentId, graph: DependencyGraph): number | null {
  const uptime = (w: ComponentId): number | null => {
    const seen = probe.workers.get(w);
    return seen?.ok ? seen.value.uptimeMs : null;
  };
  let shortest = uptime(id);
  if (shortest === null) return null;
  for (const up of transitiveDependencies(graph, id)) {
    const u = up.startsWith('worker:') ? uptime(up) : null;
    if (u !== null && u < shortest) shortest = u;
  }
  return shortest;
}

function hungProblem(outputs: number, stale: FileSpec[], probe: SystemProbe): Problem {
  const first = stale[0] as FileSpec;
  const seen = probe.files.get(first.id);
  const age = seen?.ok ? formatDuration(seen.value.ageMs ?? 0) : '?';
  const which = outputs === 1 ? 'its output' : `${stale.length} of its ${outputs} outputs, e.g.`;
  return problem('process-hung', `alive but ${which} ${first.path} is stale (${age} old, SLA ${formatDuration(first.freshWithinMs ?? 0)})`);
}

function health(component: Component, problems: readonly Problem[], above: readonly ComponentId[], probe: SystemProbe): ComponentHealth {
  const causedBy = above[0] ?? null;
  const all = problems.length === 0 && causedBy ? [problem('dependency-unhealthy', `blocked by ${causedBy}`)] : problems;
  let status: Status = 'ok';
  for (let i = 0; i < all.length; i++) status = worse(status, (all[i] as Problem).severity);
  if (!component.critical && status === 'critical') status = 'warning';
  return {
    id: component.id,
    kind: component.kind,
    name: component.kind === 'worker' ? component.name : component.path,
    status,
    critical: component.critical,
    problems: all,
    causedBy,
    blastRadius: NONE,
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
      ...(p?.cgroup ? { cgroup: p.cgroup, treePids: p.treePids ?? [] } : {}),
      ...(component.health ? { healthy: probe.health?.get(component.id)?.healthy ?? null, healthDetail: probe.health?.get(component.id)?.detail ?? null } : {}),
      ...(component.port !== null ? { port: component.port, portOpen: port?.ok ? port.value.open : null, portHolderPid: port?.ok ? port.value.holderPid : null } : {}),
      ...(component.lock !== null ? { lock: component.lock, lockPid: lock?.ok ? lock.value.pid : null, lockHolder: lock?.ok ? lock.value.holder : null } : {}),
      ...(recordsRuns(component) ? jobFacts(component, probe) : {}),
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
