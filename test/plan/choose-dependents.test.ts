import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { emptyComponentState, type AgentState } from '../../src/history/agent-state.js';
import { loadMapText } from '../../src/map/load-map.js';
import { planRepairs } from '../../src/plan/plan-repairs.js';
import { explainMap, renderExplanation } from '../../src/report/explain-map.js';
import { byId, dead, NOW, running, syntheticProbe } from '../helpers/synthetic-probe.js';

// redis feeds five consumers: `counter` is healthy, `bound` and (through it) `tail` are part of
// it, `loose` is part of a consumer that is not restarted, `sick` fails its own health check.
const MAP = `## Workers
| Worker | Command | Depends on | Part of | Health check |
|---|---|---|---|---|
| redis | \`redis-server\` | | | |
| counter | \`sh counter.sh\` | redis | | |
| bound | \`node bound.js\` | | redis | |
| tail | \`node tail.js\` | | bound | |
| loose | \`node loose.js\` | | counter | |
| sick | \`node sick.js\` | redis | | \`true\` |
`;

async function planAfterOneFailedRestart() {
  const map = await loadMapText(MAP);
  expect(map.messages).toEqual([]);
  const probe = syntheticProbe({
    workers: byId([['worker:redis', dead()], ['worker:counter', running(11)], ['worker:bound', running(12)], ['worker:tail', running(13)], ['worker:loose', running(14)], ['worker:sick', running(15)]]),
    health: byId([['worker:sick', { healthy: false, detail: 'exited 1', failures: 3, inStartPeriod: false }]]),
  });
  const diagnosis = diagnose({ model: map.model, graph: map.graph, order: map.order, probe });
  // Step 1 (a plain restart) was tried and its start failed: the next attempt is ladder step 2.
  const state: AgentState = { version: 1, components: { 'worker:redis': { ...emptyComponentState(), attempts: 1, attemptTimes: [NOW - 60_000], nextAttemptAt: NOW - 1 } } };
  return planRepairs({ diagnosis, graph: map.graph, order: map.order, settings: map.model.settings, state, lastGood: new Set(), now: NOW });
}

describe('every restart carries the workers part of it (systemd PartOf=)', () => {
  it('restarts a dead worker at the first rung with the running workers part of it, leaving the others running', async () => {
    const map = await loadMapText(MAP);
    const probe = syntheticProbe({ workers: byId([['worker:redis', dead()], ['worker:counter', running(11)], ['worker:bound', running(12)], ['worker:tail', running(13)], ['worker:loose', running(14)], ['worker:sick', running(15)]]) });
    const diagnosis = diagnose({ model: map.model, graph: map.graph, order: map.order, probe });
    const plan = planRepairs({ diagnosis, graph: map.graph, order: map.order, settings: map.model.settings, state: { version: 1, components: {} }, lastGood: new Set(), now: NOW });
    expect(plan.actions.map((a) => [a.kind, a.target, a.ladderStep, a.workers])).toEqual([['restart-worker', 'worker:redis', 1, ['worker:redis', 'worker:bound', 'worker:tail']]]);
    expect(plan.actions[0]?.reason).toBe('process-dead: not running; restarts bound, tail (part of it) with it');
  });

  it('carries them through a rollback at step 3 as well', async () => {
    const map = await loadMapText(`${MAP}| cfgd | \`node cfgd.js\` | app.json | | |\n| side | \`node side.js\` | | cfgd | |\n\n## Configs\n### app.json\n- mode: string, default normal\n`);
    const probe = syntheticProbe({ workers: byId([['worker:redis', running(10)], ['worker:cfgd', dead()], ['worker:side', running(16)], ['worker:counter', running(11)], ['worker:bound', running(12)], ['worker:tail', running(13)], ['worker:loose', running(14)], ['worker:sick', running(15)]]) });
    const diagnosis = diagnose({ model: map.model, graph: map.graph, order: map.order, probe });
    const state: AgentState = { version: 1, components: { 'worker:cfgd': { ...emptyComponentState(), attempts: 2, attemptTimes: [NOW - 60_000, NOW - 30_000], nextAttemptAt: NOW - 1 } } };
    const plan = planRepairs({ diagnosis, graph: map.graph, order: map.order, settings: map.model.settings, state, lastGood: new Set(['config:app.json']), now: NOW });
    const step = plan.actions.find((a) => a.target === 'worker:cfgd');
    expect([step?.kind, step?.workers]).toEqual(['rollback-configs', ['worker:cfgd', 'worker:side']]);
  });
});

describe('ladder step 2 never stops a healthy dependent', () => {
  it('restarts only the dependents that are part of the failing worker, leaving healthy ones running with the reason said', async () => {
    const plan = await planAfterOneFailedRestart();
    const step = plan.actions.find((a) => a.kind === 'restart-with-dependents');
    expect(step?.target).toBe('worker:redis');
    expect(step?.workers).toEqual(['worker:redis', 'worker:bound', 'worker:tail']);
    expect(step?.reason).toBe('process-dead: not running; ladder step 2 restarts it with bound, tail (part of it) in order; leaves counter, loose running: they have no problem of their own (a dependent that should restart with it says `part of: redis`)');
  });

  it('gives a dependent failing on its own its own repair, after the dependency is back', async () => {
    const plan = await planAfterOneFailedRestart();
    const step = plan.actions.find((a) => a.kind === 'restart-with-dependents');
    const own = plan.actions.filter((a) => a.target === 'worker:sick');
    expect(own.map((a) => [a.kind, a.after])).toEqual([['restart-worker', [step?.id]]]);
    expect(plan.actions.filter((a) => ['worker:counter', 'worker:loose'].includes(a.target))).toEqual([]);
  });

  it('reads `part of` as a dependency, and warns about a name that is no other worker', async () => {
    const map = await loadMapText('## Workers\n### redis\n- command: `redis-server`\n### counter\n- command: `sh counter.sh`\n- part of: redis, nosuch, counter\n');
    expect(map.model.workers.find((w) => w.name === 'counter')?.dependsOn).toEqual(['worker:redis']);
    expect(renderExplanation(explainMap(map))).toMatch(/\n {2}part of +redis, nosuch, counter {2}\(line 6\)\n/);
    expect(map.messages.map((m) => [m.rule, m.message])).toEqual([
      ['part-of-not-worker', 'Expected another declared worker after `part of`, got `nosuch`; it is ignored'],
      ['part-of-not-worker', 'Expected another declared worker after `part of`, got `counter`; it is ignored'],
    ]);
  });
});
