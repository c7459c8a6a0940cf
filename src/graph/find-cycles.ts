import type { ComponentId } from '../map/types.js';
import { compareIds, type DependencyGraph } from './build-graph.js';

/**
 * Finds one cycle per strongly connected component (Tarjan's algorithm, iterative so a long
 * chain cannot overflow the stack). Each cycle starts and ends at its smallest worker id and follows
 * the edges' direction: `worker:a -> file:out/a.jsonl -> worker:b -> worker:a`.
 */
export function findCycles(graph: DependencyGraph): ComponentId[][] {
  const cycles: ComponentId[][] = [];
  for (const component of stronglyConnected(graph)) {
    const only = component[0];
    if (component.length === 1 && only !== undefined && !(graph.dependents.get(only) ?? []).includes(only)) continue;
    cycles.push(traceCycle(graph, new Set(component)));
  }
  return cycles.sort((a, b) => compareIds(a[0] ?? '', b[0] ?? ''));
}

function stronglyConnected(graph: DependencyGraph): ComponentId[][] {
  const index = new Map<ComponentId, number>();
  const low = new Map<ComponentId, number>();
  const onStack = new Set<ComponentId>();
  const stack: ComponentId[] = [];
  const result: ComponentId[][] = [];
  let counter = 0;
  for (const root of graph.nodes.keys()) {
    if (index.has(root)) continue;
    const work: { id: ComponentId; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: ComponentId; next: number };
      const out = graph.dependents.get(frame.id) ?? [];
      if (frame.next < out.length) {
        const next = out[frame.next++] as ComponentId;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push({ id: next, next: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.id, Math.min(low.get(frame.id) ?? 0, index.get(next) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: ComponentId[] = [];
        let id: ComponentId | undefined;
        do {
          id = stack.pop() as ComponentId;
          onStack.delete(id);
          component.push(id);
        } while (id !== frame.id);
        result.push(component);
      }
    }
  }
  return result;
}

// A shortest way round the component from its smallest worker id back to itself (breadth-first).
function traceCycle(graph: DependencyGraph, members: Set<ComponentId>): ComponentId[] {
  const sorted = [...members].sort(compareIds);
  const start = (sorted.find((id) => id.startsWith('worker:')) ?? sorted[0]) as ComponentId;
  const previous = new Map<ComponentId, ComponentId>();
  const queue: ComponentId[] = [start];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] as ComponentId;
    for (const next of [...(graph.dependents.get(id) ?? [])].sort(compareIds)) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at: ComponentId | undefined = id; at !== undefined && at !== start; at = previous.get(at)) path.splice(1, 0, at);
        path.push(start);
        return path;
      }
      if (!previous.has(next)) {
        previous.set(next, id);
        queue.push(next);
      }
    }
  }
  return [start, start];
}
