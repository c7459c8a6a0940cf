import type { DependencyGraph, Edge } from '../graph/build-graph.js';
import type { Component, ComponentId } from '../map/types.js';

/** The documented JSON shape of `healmap graph --format json`. */
export interface GraphJson {
  nodes: Record<string, unknown>[];
  edges: Edge[];
  order: ComponentId[];
}

/** Turns the graph into its stable JSON form (nodes in topological order). */
export function graphToJson(graph: DependencyGraph, order: ComponentId[]): GraphJson {
  const ids = [...new Set([...order, ...graph.nodes.keys()])];
  return {
    nodes: ids.map((id) => nodeJson(graph.nodes.get(id) as Component)),
    edges: graph.edges.map(({ from, to }) => ({ from, to })),
    order,
  };
}

function nodeJson(node: Component): Record<string, unknown> {
  switch (node.kind) {
    case 'worker':
      return {
        id: node.id, kind: node.kind, name: node.name, command: node.command,
        produces: node.produces, dependsOn: node.dependsOn,
        ...(node.pidfile ? { pidfile: node.pidfile } : {}),
        ...(node.port ? { port: node.port } : {}),
        ...(node.lock ? { lock: node.lock } : {}),
        cwd: node.cwd, startWithinSeconds: node.startWithinMs / 1000, critical: node.critical,
        ...(node.type === 'job' ? { type: 'job', schedule: node.schedule?.text ?? null } : {}),
        ...(node.type === 'job' || node.restart !== 'always' ? { restart: node.restart } : {}),
      };
    case 'file':
      return {
        id: node.id, kind: node.kind, path: node.path, producer: node.producer,
        freshWithinSeconds: node.freshWithinMs === null ? null : node.freshWithinMs / 1000,
        critical: node.critical, declared: node.declared,
        ...(node.folder ? { folder: true } : {}),
      };
    case 'config':
      return {
        id: node.id, kind: node.kind, path: node.path, critical: node.critical,
        fields: node.fields.map((f) => ({
          name: f.name, type: f.type, default: f.default === undefined ? null : f.default,
          min: f.min, max: f.max, required: f.required,
        })),
      };
  }
}
