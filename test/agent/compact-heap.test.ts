import { describe, expect, it } from 'vitest';
import { compactHeap } from '../../src/agent/compact-heap.js';

describe('compactHeap', () => {
  it('returns garbage the heap holds at once, twice in a row', () => {
    for (let round = 0; round < 2; round++) {
      // About 40 MiB of unreachable objects, too young and too recent for any collection yet.
      let garbage: unknown[] | null = Array.from({ length: 200_000 }, (_, i) => ({ i, text: `garbage ${i} `.repeat(8) }));
      const holding = process.memoryUsage().heapUsed;
      expect(garbage.length).toBe(200_000);
      garbage = null;
      compactHeap();
      expect(process.memoryUsage().heapUsed).toBeLessThan(holding - 20 * 1024 ** 2);
    }
  });
});
