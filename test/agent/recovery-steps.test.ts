import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../src/history/history-log.js';
import { loadMapText } from '../../src/map/load-map.js';
import { explainMap } from '../../src/report/explain-map.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { healProject } from '../helpers/heal-project.js';
import { WORKERS, uniqueToken, waitFor } from '../helpers/temp-project.js';

const agent = useAgentProjects();

const FAST = '## Settings\n- start within: 1s\n- stop grace: 1s\n';

const heal = healProject;

describe('declared recovery steps', () => {
  it('runs an `on stale` step instead of a restart and judges it by the output being fresh again', async () => {
    const t = uniqueToken();
    const p = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers\n### w\n- command: node ${WORKERS}/pausable-writer.mjs out/w.jsonl 200 lost.flag ${t}\n- produces: out/w.jsonl every 3s\n- on stale: \`rm -f lost.flag && echo reconnected $HEALMAP_WORKER after $HEALMAP_PROBLEM\` instead of restart, timeout 10s\n${FAST}`,
    });
    expect((await heal(p)).after.status).toBe('ok');
    const pid = await p.workerPid('w');
    p.write('lost.flag', '');
    // The writer is stuck: wait past its SLA (the worker must have run one SLA to be called hung).
    await waitFor(async () => (await heal(p)).before.components.some((c) => c.problems.some((x) => x.code === 'process-hung')) || false, 30_000, 'w to be hung');
    const entries = await readHistory(p.path('.healmap/history.jsonl'));
    const step = entries.find((e) => e.action === 'run-recovery-step');
    expect(step).toMatchObject({ component: 'worker:w', problem: 'process-hung', result: 'succeeded', step: 'rm -f lost.flag && echo reconnected $HEALMAP_WORKER after $HEALMAP_PROBLEM' });
    expect(step?.detail).toBe('`rm -f lost.flag && echo reconnected $HEALMAP_WORKER after $HEALMAP_PROBLEM` exited 0: reconnected w after process-hung; verified healthy');
    expect(step?.reason).toContain('instead of a restart');
    expect(existsSync(p.path('lost.flag'))).toBe(false);
    // Instead of a restart: the same process is still the worker.
    expect(await p.workerPid('w')).toBe(pid);
  });

  it('counts a step that exits 0 but does not fix the fault as failed, and the ladder goes on to a restart', async () => {
    const t = uniqueToken();
    const p = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers\n### w\n- command: node ${WORKERS}/forever.mjs w ${t}\n\n## Recovery\n| Component | When | Do | Then | Timeout |\n|---|---|---|---|---|\n| w | dead | \`echo pretending to fix it\` | none | 5s |\n${FAST}`,
    });
    await heal(p);
    process.kill((await p.workerPid('w')) as number, 'SIGKILL');
    await waitFor(async () => (await heal(p)).executed.some((e) => e.action.kind === 'run-recovery-step'), 40_000, 'the step to run');
    const step = (await readHistory(p.path('.healmap/history.jsonl'))).find((e) => e.action === 'run-recovery-step');
    expect(step?.result).toBe('failed');
    expect(step?.detail).toMatch(/^`echo pretending to fix it` exited 0: pretending to fix it; still unhealthy after 5s \(process-dead\)$/);
    const next = await heal(p, { force: true });
    expect(next.executed.map((e) => `${e.action.kind}:${e.result}`)).toEqual(['restart-worker:succeeded']);
    // Its own budget: up to three passes and the step's 5 s verification (24 s at load average 10).
  }, 60_000);

  it('runs a port-held-by-other step, then restarts the worker', async () => {
    const t = uniqueToken();
    const p = agent.create({});
    const port = await p.listen();
    p.write('ARCHITECTURE_MAP.md', `## Workers\n| Worker | Command | Port |\n|---|---|---|\n| pool | \`node ${WORKERS}/forever.mjs pool ${t}\` | ${port} |\n\n## Recovery\n| Component | When | Do | Then |\n|---|---|---|---|\n| pool | port-held-by-other | \`echo moving off port $HEALMAP_PORT > moved.txt\` | restart |\n${FAST}`);
    const result = await heal(p);
    const step = result.executed.find((e) => e.action.kind === 'run-recovery-step');
    expect(step?.action.reason).toMatch(/^port-held-by-other: .*; the map's recovery step `echo moving off port \$HEALMAP_PORT > moved.txt` answers it, then a restart$/);
    // The port is still held by the foreign listener: the restart is not verified, so the step failed, whatever its exit code.
    expect(step?.result).toBe('failed');
    expect(step?.detail).toMatch(/^`echo moving off port \$HEALMAP_PORT > moved.txt` exited 0; pool: port-held-by-other: port \d+ is held by pid \d+ \(node\), not by this worker \(pid \d+\) or its process tree; that process was not signalled$/);
    expect(readFileSync(p.path('moved.txt'), 'utf8')).toBe(`moving off port ${port}\n`);
    // Its one try spent, the next pass escalates as before: never a signal to the foreign process.
    expect((await heal(p, { force: true })).plan.actions.map((a) => a.kind)).toEqual(['escalate']);
  });

  it('reports steps it cannot read as map errors at their place', async () => {
    const map = await loadMapText(`## Workers\n### w\n- command: run-w\n- on stale: \n\n## Recovery\n| Component | When | Do |\n|---|---|---|\n| ghost | dead | \`x\` |\n| w | sometimes | \`y\` |\n| w | dead | \`z\` |\n`);
    expect(map.messages.filter((m) => m.severity === 'error').map((m) => `${m.place.line}: ${m.message} [${m.rule}]`)).toEqual([
      '9: Unknown worker `ghost` in a recovery step, expected the name of a declared worker [unresolved-reference]',
      "10: Expected `When` to be `unhealthy`, `dead`, `stale`, `process-dead`, `process-zombie`, `process-stopped`, `process-hung`, `port-closed`, `port-held-by-other`, `lock-stale`, `health-check-failed`, got `sometimes` [bad-value]",
    ]);
    expect(map.model.workers[0]?.recovery).toEqual([{ component: 'worker:w', when: 'dead', command: 'z', then: 'restart', timeoutMs: 30_000, place: { line: 11, column: 1 } }]);
  });

  it('shows declared steps in `healmap explain`, and a Recovery section is not reported as skipped prose', async () => {
    const map = await loadMapText('## Workers\n### w\n- command: run-w\n- on stale: `./reconnect.sh` instead of restart, timeout 20s\n\n## Recovery\n| Component | When | Do | Then |\n|---|---|---|---|\n| w | port-held-by-other | `./move-port.sh` | restart |\n');
    const explained = explainMap(map);
    expect(explained.components[0]?.facts.filter((f) => f.fact === 'recovery step').map((f) => `${f.line}: ${f.value}`)).toEqual([
      '4: on stale: `./reconnect.sh`, instead of a restart, timeout 20s',
      '9: on port-held-by-other: `./move-port.sh`, then restart, timeout 30s',
    ]);
    expect(explained.ignored).toEqual([]);
    expect(map.messages).toEqual([]);
  });
});
