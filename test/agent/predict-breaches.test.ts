import { describe, expect, it } from 'vitest';
import { runHealCycle } from '../../src/agent/heal-cycle.js';
import { SampleWindow } from '../../src/history/sample-window.js';
import { readHistory } from '../../src/history/history-log.js';
import { loadMap } from '../../src/map/load-map.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { TempProject, WORKERS, uniqueToken } from '../helpers/temp-project.js';

const agent = useAgentProjects();
let project: TempProject;

const FAST = '## Settings\n- start within: 1s\n- stop grace: 1s\n';
const MIB = 1024 * 1024;

// Heal cycles every `everyMs`, sharing one sample memory as the daemon does, until `done` says so.
async function cycleUntil(done: (r: Awaited<ReturnType<typeof runHealCycle>>, i: number) => boolean, everyMs: number, maxCycles: number) {
  const map = await loadMap(project.path('ARCHITECTURE_MAP.md'));
  expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
  const samples = new SampleWindow();
  const results = [];
  for (let i = 0; i < maxCycles; i++) {
    const r = await runHealCycle(map, { samples });
    results.push(r);
    if (done(r, i)) break;
    await new Promise((res) => setTimeout(res, everyMs));
  }
  return results;
}

describe('predictive healing', () => {
  it('warns of a leaking worker before its max memory and restarts it before the breach', async () => {
    const t = uniqueToken();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers\n### leaky\n- command: node ${WORKERS}/leak.mjs 6 1000 0 ${t}\n- max memory: 200 MiB\n- restart before breach: yes\n${FAST}`,
    });
    const daemon = agent.watch(project, ['--interval', '1s']);
    const predicted = await daemon.waitForEvent((e) => e.event === 'predicted', 90_000);
    expect(predicted.code).toBe('predicted-memory-breach');
    expect(predicted.message).toMatch(/^predicted-memory-breach worker:leaky: RSS [\d.]+ MiB growing [\d.]+ MiB\/min reaches max memory 200\.0 MiB in ~\d+s/);
    // At least two sampling intervals (1 s each) of warning before the forecast breach.
    expect(Date.parse(predicted.breachAt as string) - Date.parse(predicted.time)).toBeGreaterThanOrEqual(2000);
    const restart = await daemon.waitForEvent((e) => e.event === 'action' && String(e.message).includes('leaky') && String(e.message).includes('predicted-memory-breach'), 60_000);
    expect(restart.message).toMatch(/restart/);
    const entries = await readHistory(project.path('.healmap/history.jsonl'));
    const entry = entries.find((e) => e.problem === 'predicted-memory-breach');
    expect(entry).toMatchObject({ action: 'restart-worker', result: 'succeeded', attempt: 0 });
    expect(entry?.reason).toMatch(/^predicted memory breach in ~\d+s: restarting it before the breach, at a quiet moment \(it declares no outputs to wait for\)$/);
    // Maintenance, not a repair: the ladder did not move.
    const state = await import('node:fs').then((fs) => JSON.parse(fs.readFileSync(project.path('.healmap/state.json'), 'utf8')) as { components: Record<string, { attempts: number }> });
    expect(state.components['worker:leaky']?.attempts ?? 0).toBe(0);
  });

  it('warns of a slowing writer well before its output goes stale', async () => {
    const t = uniqueToken();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers\n### slow\n- command: node ${WORKERS}/slowing-writer.mjs out/s.jsonl 600 250 ${t}\n- produces: out/s.jsonl every 6s\n${FAST}`,
    });
    const results = await cycleUntil((r) => r.predictions.length > 0, 250, 400);
    const last = results.at(-1);
    const p = last?.predictions[0];
    expect(p?.component).toBe('file:out/s.jsonl');
    expect(p?.message).toMatch(/^write interval \d+s and growing reaches its SLA 6s in ~\d+s \(fit R² 0\.\d\d over \d+ writes\)$/);
    expect(last?.after.components.find((c) => c.id === 'file:out/s.jsonl')?.problems.map((x) => x.code)).toEqual(['predicted-file-stale']);
    // Still fresh when warned, and the breach at least two write intervals away.
    expect(last?.before.components.find((c) => c.id === 'file:out/s.jsonl')?.problems.some((x) => x.code === 'file-stale')).toBe(false);
    const written = project.path('out/s.jsonl');
    const lines = (await import('node:fs')).readFileSync(written, 'utf8').trim().split('\n');
    const interval = (JSON.parse(lines.at(-1) as string) as { interval: number }).interval;
    expect((p?.breachAt ?? 0) - Date.now()).toBeGreaterThanOrEqual(2 * interval - 2 * 250);
  });

  it('never warns about nor restarts a healthy worker with flat memory', async () => {
    const t = uniqueToken();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers\n### steady\n- command: node ${WORKERS}/leak.mjs 8 100 24 ${t}\n- max memory: 200 MiB\n- restart before breach: yes\n### writer\n- command: node ${WORKERS}/write-every.mjs out/w.jsonl 300 ${t}\n- produces: out/w.jsonl every 5s\n${FAST}`,
    });
    // The first second allocates its 24 MiB; after that, memory is flat.
    const results = await cycleUntil(() => false, 200, 40);
    expect(results.flatMap((r) => r.predictions)).toEqual([]);
    // The first cycle starts both workers; after that, nothing is done to them.
    expect(results[0]?.executed.map((e) => e.action.kind).filter((k) => k === 'start-worker')).toHaveLength(2);
    expect(results.slice(1).flatMap((r) => r.executed)).toEqual([]);
    expect(results.at(-1)?.after.status).toBe('ok');
    expect(results.at(-1)?.after.components.find((c) => c.id === 'worker:steady')?.facts.memoryBytes).toBeLessThan(200 * MIB);
  });
});
