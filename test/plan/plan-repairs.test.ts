import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { emptyComponentState, type AgentState } from '../../src/history/agent-state.js';
import { loadMapText } from '../../src/map/load-map.js';
import { planRepairs } from '../../src/plan/plan-repairs.js';
import { byId, dead, NOW, syntheticProbe } from '../helpers/synthetic-probe.js';

const MAP = `## Workers
| Worker | Command |
|---|---|
| api | \`node api.js\` |
`;

describe('planning repairs', () => {
  it('lets --force pass the escalation cooldown, which an ordinary pass waits out', async () => {
    const map = await loadMapText(MAP);
    const escalated = new Map([['worker:api', 'crash loop']]);
    const diagnosis = diagnose({ model: map.model, graph: map.graph, order: map.order, probe: syntheticProbe({ workers: byId([['worker:api', dead()]]) }), escalated });
    const state: AgentState = { version: 1, components: { 'worker:api': { ...emptyComponentState(), attempts: 3, escalatedAt: NOW - 1000, escalationReason: 'crash loop', nextAttemptAt: NOW + 240_000 } } };
    const input = { diagnosis, graph: map.graph, order: map.order, settings: map.model.settings, state, lastGood: new Set<string>(), now: NOW };
    expect(planRepairs(input).actions.map((a) => a.kind)).toEqual(['wait']);
    const forced = planRepairs({ ...input, force: true }).actions;
    expect(forced.map((a) => a.kind)).toEqual(['restart-worker']);
    expect(forced[0]?.reason).toMatch(/slow retry after escalation/);
  });
});

describe('restart policies', () => {
  it('never restarts a dead worker whose policy is `never`, and says why', async () => {
    const map = await loadMapText('## Workers\n| Worker | Command | Restart |\n|---|---|---|\n| api | `node api.js` | never |\n');
    const diagnosis = diagnose({ model: map.model, graph: map.graph, order: map.order, probe: syntheticProbe({ workers: byId([['worker:api', dead()]]) }) });
    const plan = planRepairs({ diagnosis, graph: map.graph, order: map.order, settings: map.model.settings, state: { version: 1, components: {} }, lastGood: new Set(), now: NOW });
    expect(plan.actions.map((a) => [a.kind, a.reason])).toEqual([['wait', 'not restarted: its restart policy is `never` (process-dead: not running)']]);
  });
});
