import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appendHistory, readHistory, type HistoryEntry } from '../../src/history/history-log.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { healProject } from '../helpers/heal-project.js';
import { TempProject, WORKERS, uniqueToken, waitFor } from '../helpers/temp-project.js';

const agent = useAgentProjects();
let project: TempProject;

// `min uptime: 0s`: these tests kill workers moments after a repair and mean a later, fresh fault.
const FAST = '## Settings\n- start within: 1s\n- stop grace: 1s\n- min uptime: 0s\n';

const heal = (options: { force?: boolean } = {}) => healProject(project, options);

async function killWorker(name: string): Promise<void> {
  const pid = await project.workerPid(name);
  expect(pid).not.toBeNull();
  process.kill(pid as number, 'SIGKILL');
  await waitFor(() => { try { process.kill(pid as number, 0); return false; } catch { return true; } }, 10_000, `${name} to die`);
}

const isDead = async (name: string): Promise<boolean> => {
  const pid = await project.workerPid(name);
  if (pid === null) return true;
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
};

describe('learning from past fixes', () => {
  it('rolls the config back first when the fault began right after a config change', async () => {
    const t = uniqueToken();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers\n### svc\n- command: node ${WORKERS}/needs-config.mjs app.json ${t}\n- depends on: app.json\n\n## Configs\n### app.json\n- mode: string, default normal\n${FAST}`,
      'app.json': '{ "mode": "normal" }\n',
    });
    expect((await heal()).after.status).toBe('ok');
    project.write('app.json', '{ "mode": "broken" }\n');
    await waitFor(() => isDead('svc'), 10_000, 'svc to crash on its new config');
    const result = await heal();
    const first = result.plan.actions.find((a) => a.target === 'worker:svc');
    expect(first?.kind).toBe('rollback-configs');
    expect(first?.attempt).toBe(1);
    expect(first?.reason).toContain('a config it depends on changed just before the fault: config rollback first');
    expect(result.executed.find((e) => e.action.target === 'worker:svc')?.result).toBe('succeeded');
    expect(readFileSync(project.path('app.json'), 'utf8')).toBe('{ "mode": "normal" }\n');
    expect(result.after.status).toBe('ok');
    const entry = (await readHistory(project.path('.healmap/history.jsonl'))).find((e) => e.action === 'rollback-configs');
    expect(entry?.fingerprint).toBe('process-dead|deps:ok|config-changed');
  });

  it('does not take a config change the worker already runs with for a fault', async () => {
    const t = uniqueToken();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers\n### svc\n- command: node ${WORKERS}/needs-config.mjs app.json ${t}\n- depends on: app.json\n\n## Configs\n### app.json\n- mode: string, default normal\n${FAST}`,
      'app.json': '{ "mode": "normal" }\n',
    });
    await heal();
    project.write('app.json', '{ "mode": "tuned" }\n');
    // Edited long before the fault (past the 10 min change window): a plain restart, not a rollback.
    project.age('app.json', 1200);
    await killWorker('svc');
    const restart = await heal({ force: true });
    expect(restart.plan.actions.find((a) => a.target === 'worker:svc')?.kind).toBe('restart-worker');
    expect((await readHistory(project.path('.healmap/history.jsonl'))).at(-1)?.fingerprint).toBe('process-dead|deps:ok|config-changed');
    // Restarted after the edit, it runs with it: the new text becomes the good copy.
    await heal();
    expect(readFileSync(project.path('.healmap/good/app.json'), 'utf8')).toBe('{ "mode": "tuned" }\n');
    await killWorker('svc');
    const result = await heal({ force: true });
    expect(result.plan.actions.find((a) => a.target === 'worker:svc')?.kind).not.toBe('rollback-configs');
  });

  it('after five incidents like this one, tries the rung that fixed them first and says why', async () => {
    const t = uniqueToken();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers\n### svc\n- command: node ${WORKERS}/forever.mjs svc ${t}\n${FAST}`,
    });
    expect((await heal()).after.status).toBe('ok');
    // A recorded trail: five closed incidents of this kind, each fixed by restarting with dependents.
    const day = Date.now() - 86_400_000;
    const trail: HistoryEntry[] = [];
    for (let i = 0; i < 5; i++) {
      const detectedAt = new Date(day + i * 3_600_000).toISOString();
      for (const [n, action] of (['restart-worker', 'restart-with-dependents'] as const).entries()) {
        trail.push({ time: new Date(day + i * 3_600_000 + n * 30_000).toISOString(), component: 'worker:svc', problem: 'process-dead', rootCause: 'worker:svc', action, attempt: n + 1, result: 'succeeded', durationMs: 1000, reason: '', stateBefore: 'critical', stateAfter: 'repaired', detectedAt, fingerprint: 'process-dead|deps:ok' });
      }
    }
    await appendHistory(project.path('.healmap/history.jsonl'), trail);
    await killWorker('svc');
    const result = await heal();
    const first = result.plan.actions.find((a) => a.target === 'worker:svc');
    expect(first?.kind).toBe('restart-with-dependents');
    expect(first?.attempt).toBe(1);
    expect(first?.reason).toContain('restart with dependents fixed this 5 of 5 times; restart 0 of 5 (5 past incidents like this)');
    expect(result.after.status).toBe('ok');
    // A repair that worked leaves the ladder where it was: the next crash starts from the learned first rung again.
    await killWorker('svc');
    const second = (await heal({ force: true })).plan.actions.find((a) => a.target === 'worker:svc');
    expect([second?.kind, second?.attempt]).toEqual(['restart-with-dependents', 1]);
  });
});

describe('flapping', () => {
  it('escalates a flapping worker once and holds its dependents while the worker itself is still repaired', async () => {
    const t = uniqueToken();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers\n### svc\n- command: node ${WORKERS}/forever.mjs svc ${t}\n### consumer\n- command: node ${WORKERS}/forever.mjs consumer ${t}\n- depends on: svc\n${FAST}`,
    });
    await heal();
    // Up, down, up, down...: each kill is seen by one check and repaired, each repair by the next check.
    for (let i = 0; i < 3; i++) {
      await heal();
      await killWorker('svc');
      const round = await heal({ force: true });
      if (i < 2) expect(round.executed.find((e) => e.action.target === 'worker:svc')?.result).toBe('succeeded');
      else {
        const svc = round.plan.actions.find((a) => a.target === 'worker:svc');
        expect(svc?.kind).toBe('escalate');
        expect(svc?.reason).toMatch(/^flapping: \d+ % state changes over its last \d+ checks; holding its dependents/);
        // Notified, and restarted in the same pass: flapping never leaves it down for a cooldown.
        expect(round.executed.filter((e) => e.action.target === 'worker:svc').map((e) => `${e.action.kind}:${e.result}`)).toEqual(['escalate:escalated', 'restart-worker:succeeded']);
      }
    }
    const state = JSON.parse(readFileSync(project.path('.healmap/state.json'), 'utf8')).components['worker:svc'];
    expect(state).toMatchObject({ flapping: true, checks: '0101010' });
    // Its dependent dies too: held, not restarted, while svc flaps.
    await killWorker('consumer');
    const held = await heal({ force: true });
    const consumer = held.plan.actions.find((a) => a.target === 'worker:consumer');
    expect(consumer?.kind).toBe('blocked');
    expect(consumer?.reason).toMatch(/worker:svc/);
    expect(await isDead('consumer')).toBe(true);
  });
});
