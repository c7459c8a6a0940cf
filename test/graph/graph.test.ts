import { describe, expect, it } from 'vitest';
import { transitiveDependents } from '../../src/graph/build-graph.js';
import { loadMapText } from '../../src/map/load-map.js';

const chain = `## Workers
| Worker | Command | Produces | Depends on |
|---|---|---|---|
| zeta | node z.js | out/z.jsonl | — |
| alpha | node a.js | out/a.jsonl | out/z.jsonl, config/a.json |
| beta | node b.js | — | out/a.jsonl |
| solo | node s.js | — | — |
`;

describe('the dependency graph', () => {
  it('has edges from each dependency to its dependent', async () => {
    const { graph } = await loadMapText(chain);
    expect(graph.edges).toEqual([
      { from: 'file:config/a.json', to: 'worker:alpha' },
      { from: 'file:out/a.jsonl', to: 'worker:beta' },
      { from: 'file:out/z.jsonl', to: 'worker:alpha' },
      { from: 'worker:alpha', to: 'file:out/a.jsonl' },
      { from: 'worker:zeta', to: 'file:out/z.jsonl' },
    ]);
  });

  it('orders dependencies first, ties by id, deterministically', async () => {
    const { order } = await loadMapText(chain);
    expect(order).toEqual([
      'file:config/a.json', 'worker:solo', 'worker:zeta', 'file:out/z.jsonl', 'worker:alpha', 'file:out/a.jsonl', 'worker:beta',
    ]);
  });

  it('gives the blast radius of a component', async () => {
    const { graph } = await loadMapText(chain);
    expect([...transitiveDependents(graph, 'worker:zeta')].sort()).toEqual(['file:out/a.jsonl', 'file:out/z.jsonl', 'worker:alpha', 'worker:beta']);
  });

  it('handles a 20,000-node chain without recursion limits', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `| w${i} | node w.js | out/${i}.jsonl | ${i === 0 ? '—' : `out/${i - 1}.jsonl`} |`);
    const map = await loadMapText(`## Workers\n| Worker | Command | Produces | Depends on |\n|---|---|---|---|\n${rows.join('\n')}\n`);
    expect(map.ok).toBe(true);
    expect(map.order).toHaveLength(20_000);
    expect(map.order[0]).toBe('worker:w0');
    expect(map.order[19_999]).toBe('file:out/9999.jsonl');
  });
});
