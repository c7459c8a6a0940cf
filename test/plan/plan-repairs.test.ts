import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { emptyComponentState, type AgentState } from '../../src/history/agent-state.js';
import { loadMapText } from '../../src/map/load-map.js';
import { planRepairs } from '../../src/plan/plan-repairs.js';
import { byId, dead, NOW, running, syntheticProbe } from '../helpers/synthetic-probe.js';

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

describe('cross-config rules', () => {
  const RULED = `## Workers
| Worker | Command | Depends on |
|---|---|---|
| bitcoind | \`bitcoind\` | bitcoin.conf |
| pool | \`node pool.js\` | pool.json |
| stats | \`node stats.js\` | pool.json |

## Configs

### pool.json
- rpc_port: integer, must match \`bitcoin.conf#rpcport\`

### bitcoin.conf
- rpcport: integer
`;
  const config = (value: unknown) => ({ ok: true as const, value: { exists: value !== undefined, parseError: null, value, text: value === undefined ? null : JSON.stringify(value), mode: 0o644 } });

  async function plan(pool: unknown, bitcoin: unknown, state: AgentState = { version: 1, components: {} }, lastGood = new Set<string>()) {
    const map = await loadMapText(RULED);
    expect(map.messages).toEqual([]);
    const probe = syntheticProbe({
      workers: byId([['worker:bitcoind', running(10)], ['worker:pool', running(11)], ['worker:stats', dead()]]),
      configs: byId([['config:pool.json', config(pool)], ['config:bitcoin.conf', config(bitcoin)]]),
    });
    const diagnosis = diagnose({ model: map.model, graph: map.graph, order: map.order, probe });
    return planRepairs({ diagnosis, graph: map.graph, order: map.order, settings: map.model.settings, state, lastGood, now: NOW }).actions;
  }

  it('copies the value, restarts the running reader with it, and repairs a dead reader after the copy', async () => {
    const actions = await plan({ rpc_port: 8331 }, { rpcport: '8332' });
    expect(actions.map((a) => [a.id, a.kind, a.target, a.workers, a.after])).toEqual([
      [1, 'copy-config-value', 'config:pool.json', ['worker:pool'], []],
      [2, 'restart-worker', 'worker:stats', ['worker:stats'], [1]],
    ]);
    expect(actions[0]?.reason).toBe('config-mismatch: pool.json#rpc_port 8331 ≠ bitcoin.conf#rpcport 8332 (source of truth); copy the value from the source of truth, then restart pool');
  });

  it('escalates a broken source of truth instead of repairing it, and never rolls it back', async () => {
    const missing = await plan({ rpc_port: 8331 }, undefined);
    expect(missing.filter((a) => a.target.startsWith('config:')).map((a) => [a.kind, a.target])).toEqual([['escalate', 'config:bitcoin.conf']]);
    const state: AgentState = { version: 1, components: { 'worker:bitcoind': { ...emptyComponentState(), attempts: 2 } } };
    const map = await loadMapText(RULED);
    const probe = syntheticProbe({ workers: byId([['worker:bitcoind', dead()], ['worker:pool', running(11)], ['worker:stats', running(12)]]), configs: byId([['config:pool.json', config({ rpc_port: 8332 })], ['config:bitcoin.conf', config({ rpcport: '8332' })]]) });
    const diagnosis = diagnose({ model: map.model, graph: map.graph, order: map.order, probe });
    const actions = planRepairs({ diagnosis, graph: map.graph, order: map.order, settings: map.model.settings, state, lastGood: new Set(['config:bitcoin.conf']), now: NOW }).actions;
    expect(actions.map((a) => [a.kind, a.ladderStep, a.configs])).toEqual([['restart-worker', 3, []]]);
    expect(actions[0]?.reason).toMatch(/no last-known-good config to roll back/);
  });
});
