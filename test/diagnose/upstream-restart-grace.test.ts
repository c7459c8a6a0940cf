import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { healthById } from '../../src/diagnose/types.js';
import { loadMapText } from '../../src/map/load-map.js';
import { planRepairs } from '../../src/plan/plan-repairs.js';
import { byId, file, NOW, running, syntheticProbe } from '../helpers/synthetic-probe.js';

// A consumer of redis writing out/count.txt (SLA 10 s) through `mid`, which also needs redis.
const MAP = `## Workers
| Worker | Command | Depends on | Produces |
|---|---|---|---|
| redis | \`redis-server\` | | |
| mid | \`node mid.js\` | redis | |
| counter | \`sh counter.sh\` | mid | out/count.txt (every 10s) |
`;

async function judge(redisUptimeSeconds: number) {
  const map = await loadMapText(MAP);
  expect(map.messages).toEqual([]);
  // The output went stale while redis was down (30 s old); counter itself has been up an hour.
  const probe = syntheticProbe({
    workers: byId([['worker:redis', running(10, redisUptimeSeconds)], ['worker:mid', running(11)], ['worker:counter', running(12)]]),
    files: byId([['file:out/count.txt', file(30)]]),
  });
  const diagnosis = diagnose({ model: map.model, graph: map.graph, order: map.order, probe });
  const plan = planRepairs({ diagnosis, graph: map.graph, order: map.order, settings: map.model.settings, state: { version: 1, components: {} }, lastGood: new Set(), now: NOW });
  return { counter: healthById(diagnosis).get('worker:counter'), plan };
}

describe('a consumer whose output went stale while something it needs was down', () => {
  it('is not called hung (nor restarted) until one SLA has passed since that dependency came back', async () => {
    const { counter, plan } = await judge(3);
    expect(counter?.problems.map((p) => p.code)).toEqual([]);
    expect(plan.actions.filter((a) => a.target === 'worker:counter')).toEqual([]);
    expect(plan.actions.map((a) => [a.kind, a.target, a.reason])).toEqual([
      ['wait', 'file:out/count.txt', 'file-stale: counter (or what it depends on) started less than one SLA ago; waiting for its next write'],
    ]);
  });

  it('is hung once the dependency has been back for longer than the SLA', async () => {
    const { counter, plan } = await judge(60);
    expect(counter?.problems.map((p) => p.code)).toEqual(['process-hung']);
    expect(plan.actions.map((a) => [a.kind, a.target])).toEqual([['restart-worker', 'worker:counter']]);
  });
});
