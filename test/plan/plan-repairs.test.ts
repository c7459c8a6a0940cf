import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { emptyComponentState, type AgentState } from '../../src/history/agent-state.js';
import { loadMapText } from '../../src/map/load-map.js';
import { planRepairs } from '../../src/plan/plan-repairs.js';
import { observeDiagnosis, recordOutcome } from '../../src/plan/update-state.js';
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

// redis feeds counter, which is healthy throughout and not part of redis.
const LADDER_MAP = '## Workers\n| Worker | Command | Depends on |\n|---|---|---|\n| redis | `redis-server` | |\n| counter | `sh counter.sh` | redis |\n';

// The healing pass by hand, on redis alone: observe, plan, and every action "succeeds" (its start
// is verified) or notifies; `h.now` is the clock the test moves.
async function ladderWorld() {
  const map = await loadMapText(LADDER_MAP);
  const settings = map.model.settings; // backoff 10s, 30s, 60s; min uptime 5s; cooldown 60s; healthy reset 10 min
  const h = { state: { version: 1, components: {} } as AgentState, now: NOW };
  const see = (redis: ReturnType<typeof dead>) => {
    const diagnosis = diagnose({ model: map.model, graph: map.graph, order: map.order, probe: syntheticProbe({ workers: byId([['worker:redis', redis], ['worker:counter', running(7)]]) }) });
    h.state = observeDiagnosis(h.state, diagnosis, settings, h.now);
    return diagnosis;
  };
  const pass = () => {
    const plan = planRepairs({ diagnosis: see(dead()), graph: map.graph, order: map.order, settings, state: h.state, lastGood: new Set(), now: h.now });
    for (const a of plan.actions) if (a.kind !== 'wait' && a.kind !== 'blocked') h.state = recordOutcome(h.state, a, a.kind === 'escalate' ? 'escalated' : 'succeeded', settings, h.now);
    return plan.actions.filter((a) => a.target === 'worker:redis');
  };
  // Killed, repaired, seen up a second later, and left running fine for the rest of a minute.
  const killEveryMinute = (kills: number): string[] => {
    const kinds: string[] = [];
    for (let kill = 0; kill < kills; kill++) {
      kinds.push(pass().map((a) => (a.ladderStep === null ? a.kind : `${a.kind}@${a.ladderStep}`)).join('+'));
      h.now += 1000;
      see(running(42, 1));
      h.now += 59_000;
    }
    return kinds;
  };
  return { settings, h, see, pass, killEveryMinute };
}

describe('the ladder of a flapping worker', () => {
  it('notifies once for flapping, then still climbs to step 2 and on at its backoff, and escalates at the ladder\'s end before slow retries', async () => {
    const { settings, h, see, pass, killEveryMinute } = await ladderWorld();
    // Three kills a minute apart, each after redis ran fine: every one is repaired at once by step 1.
    expect(killEveryMinute(3)).toEqual(['restart-worker@1', 'restart-worker@1', 'restart-worker@1']);
    // Six checks, five changes: the fourth kill finds it flapping. A person is told, and it is restarted.
    expect(pass().map((a) => [a.kind, a.ladderStep])).toEqual([['escalate', null], ['restart-worker', 1]]);
    expect(h.state.components['worker:redis']?.escalationReason).toMatch(/^flapping: /);
    // It now dies 2 s after each restart (before `min uptime`): each death climbs the ladder at its backoff.
    const climb: [string, number | null, number][] = [];
    for (let death = 0; death < 3; death++) {
      h.now += 2000;
      see(dead());
      const waitMs = (h.state.components['worker:redis']?.nextAttemptAt ?? h.now) - h.now;
      h.now += waitMs;
      const step = pass().find((a) => a.kind !== 'wait');
      climb.push([step?.kind ?? 'none', step?.ladderStep ?? null, waitMs]);
      if (step?.kind === 'restart-with-dependents') {
        expect(step.workers).toEqual(['worker:redis']);
        expect(step.reason).toMatch(/ladder step 2 restarts it alone; leaves counter running: it has no problem of its own/);
      }
    }
    // No config to roll back: the ladder is restart, restart with dependents, then a plain restart.
    expect(climb).toEqual([['restart-with-dependents', 2, 10_000], ['restart-worker', 1, 30_000], ['escalate', null, 60_000]]);
    expect(h.state.components['worker:redis']?.escalationReason).toMatch(/^the repair ladder is exhausted after 3 attempts/);
    // Past the ladder's end: one retry per cooldown, restarts only, and no more notifications.
    expect(h.state.components['worker:redis']).toMatchObject({ escalationNotified: true, nextAttemptAt: h.now + settings.cooldownMs });
    h.now += settings.cooldownMs;
    expect(pass().map((a) => [a.kind, a.ladderStep])).toEqual([['restart-worker', 1]]);
  });

  it('notifies once while it keeps flapping, not at every kill, and again only after it stopped flapping', async () => {
    const { settings, h, see, killEveryMinute } = await ladderWorld();
    // Killed every minute after running fine, nine times: one notification for the whole episode.
    expect(killEveryMinute(9)).toEqual([...Array(3).fill('restart-worker@1'), 'escalate+restart-worker@1', ...Array(5).fill('restart-worker@1')]);
    expect(h.state.components['worker:redis']?.flapping).toBe(true);
    // Healthy for `healthy reset` (10 min): the record goes, and a new episode is notified anew.
    h.now += settings.healthyResetMs;
    see(running(42, 700));
    expect(h.state.components['worker:redis']).toBeUndefined();
    expect(killEveryMinute(4)).toEqual([...Array(3).fill('restart-worker@1'), 'escalate+restart-worker@1']);
  });
});

describe('a ladder longer than three rungs', () => {
  it('climbs every rung, a declared step, restart, step 2 and rollback, before it escalates', async () => {
    const map = await loadMapText('## Workers\n### w\n- command: `run-w`\n- depends on: app.json\n- on dead: `./fix.sh`, then restart\n\n## Configs\n### app.json\n- mode: string, default normal\n');
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    const settings = { ...map.model.settings, maxFailures: 20 };
    const diagnosis = diagnose({ model: map.model, graph: map.graph, order: map.order, probe: syntheticProbe({ workers: byId([['worker:w', dead()]]) }) });
    let state: AgentState = { version: 1, components: {} };
    const climbed: string[] = [];
    let now = NOW;
    for (let attempt = 0; attempt < 5; attempt++) {
      const plan = planRepairs({ diagnosis, graph: map.graph, order: map.order, settings, state, lastGood: new Set(['config:app.json']), now, force: true });
      const action = plan.actions.find((a) => a.target === 'worker:w');
      climbed.push(action?.kind ?? 'none');
      if (action) state = recordOutcome(state, action, action.kind === 'escalate' ? 'escalated' : 'failed', settings, now);
      now += 1000;
    }
    expect(climbed).toEqual(['run-recovery-step', 'restart-worker', 'restart-with-dependents', 'rollback-configs', 'escalate']);
  });
});
