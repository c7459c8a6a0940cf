import type { Component, ComponentId, MapModel } from '../map/types.js';

/** An edge from a dependency to its dependent (`producer -> file -> consumer`). */
export interface Edge {
  from: ComponentId;
  to: ComponentId;
}

/** The dependency graph of a map, with adjacency both ways for the later stages. */
export interface DependencyGraph {
  nodes: Map<ComponentId, Component>;
  edges: Edge[];
  /** Direct dependents of each node (out-edges). */
  dependents: Map<ComponentId, ComponentId[]>;
  /** Direct dependencies of each node (in-edges). */
  dependencies: Map<ComponentId, ComponentId[]>;
}

/**
 * Builds the graph: a worker's produced files depend on it, it depends on its inputs, and a config
 * a cross-config rule copies into depends on the rule's source of truth.
 */
export function buildGraph(model: MapModel): DependencyGraph {
  const nodes = new Map<ComponentId, Component>();
  for (const component of [...model.workers, ...model.files, ...model.configs]) nodes.set(component.id, component);
  const graph: DependencyGraph = { nodes, edges: [], dependents: new Map(), dependencies: new Map() };
  for (const id of nodes.keys()) {
    graph.dependents.set(id, []);
    graph.dependencies.set(id, []);
  }
  const seen = new Set<string>();
  const addEdge = (from: ComponentId, to: ComponentId): void => {
    const key = `${from}\0${to}`;
    if (seen.has(key) || !nodes.has(from) || !nodes.has(to)) return;
    seen.add(key);
    graph.edges.push({ from, to });
    graph.dependents.get(from)?.push(to);
    graph.dependencies.get(to)?.push(from);
  };
  for (const worker of model.workers) {
    for (const input of worker.dependsOn) addEdge(input, worker.id);
    for (const output of worker.produces) addEdge(worker.id, output);
  }
  for (const file of model.files) if (file.producer) addEdge(file.producer, file.id);
  // A cross-config rule: the dependent config follows its source of truth.
  for (const rule of model.rules ?? []) addEdge(rule.source, rule.config);
  graph.edges.sort((a, b) => compareIds(a.from, b.from) || compareIds(a.to, b.to));
  return graph;
}

/** Orders ids the same way everywhere (code-point order, so output is deterministic). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every node that depends on `id`, directly or not (its blast radius), in no set order. */
export function transitiveDependents(graph: DependencyGraph, id: ComponentId): Set<ComponentId> {
  return walk(graph.dependents, id);
}

/** Every node `id` depends on, directly or not. */
export function transitiveDependencies(graph: DependencyGraph, id: ComponentId): Set<ComponentId> {
  return walk(graph.dependencies, id);
}

function walk(adjacency: Map<ComponentId, ComponentId[]>, start: ComponentId): Set<ComponentId> {
  const seen = new Set<ComponentId>();
  const stack = [...(adjacency.get(start) ?? [])];
  while (stack.length > 0) {
    const id = stack.pop() as ComponentId;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of adjacency.get(id) ?? []) if (!seen.has(next)) stack.push(next);
  }
  return seen;
}

/**
 * The part of the graph an event about `ids` touches: the components themselves, everything
 * they depend on (to find the root cause) and everything depending on them (the blast radius).
 */
export function affectedScope(graph: DependencyGraph, ids: Iterable<ComponentId>): Set<ComponentId> {
  const scope = new Set<ComponentId>();
  for (const id of ids) {
    if (!graph.nodes.has(id)) continue;
    scope.add(id);
    for (const up of transitiveDependencies(graph, id)) scope.add(up);
    for (const down of transitiveDependents(graph, id)) scope.add(down);
  }
  return scope;
}
