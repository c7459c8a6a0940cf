import type { ComponentId } from '../map/types.js';
import { compareIds, type DependencyGraph } from './build-graph.js';

/**
 * A deterministic topological order: dependencies first, ties broken by id (Kahn's algorithm
 * with a min-heap). Nodes on a cycle are left out; lint reports the cycle.
 */
export function topologicalOrder(graph: DependencyGraph): ComponentId[] {
  const remaining = new Map<ComponentId, number>();
  const heap = new MinHeap();
  for (const [id, deps] of graph.dependencies) {
    remaining.set(id, deps.length);
    if (deps.length === 0) heap.push(id);
  }
  const order: ComponentId[] = [];
  while (heap.size > 0) {
    const id = heap.pop();
    order.push(id);
    for (const next of graph.dependents.get(id) ?? []) {
      const left = (remaining.get(next) ?? 0) - 1;
      remaining.set(next, left);
      if (left === 0) heap.push(next);
    }
  }
  return order;
}

class MinHeap {
  private readonly items: string[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: string): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compareIds(items[parent] as string, item) <= 0) break;
      items[i] = items[parent] as string;
      i = parent;
    }
    items[i] = item;
  }

  pop(): string {
    const items = this.items;
    const top = items[0] as string;
    const last = items.pop() as string;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child = right < items.length && compareIds(items[right] as string, items[left] as string) < 0 ? right : left;
        if (compareIds(items[child] as string, last) >= 0) break;
        items[i] = items[child] as string;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}
