import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { TempProject, WORKERS, uniqueToken, waitFor } from '../helpers/temp-project.js';

const agent = useAgentProjects();
let project: TempProject;

const JOB = `node ${WORKERS}/job-write.mjs`;

function stackMap(t: string, featuresSla = '24h'): string {
  return `# A daemon fed by a daily job, after a one-shot setup job
## Workers
| Worker | Command | Produces | Depends on | Type | Schedule |
|---|---|---|---|---|---|
| setup | \`${JOB} out/setup.done 400 0 ${t}\` | out/setup.done | — | job | — |
| rebuild | \`${JOB} out/features.json 200 0 ${t}\` | out/features.json every ${featuresSla} | — | — | every 24h |
| api | \`node ${WORKERS}/forever.mjs api ${t}\` | — | setup, out/features.json | daemon | — |

## Settings
- start within: 500ms
- stop grace: 1s
`;
}

const record = (name: string): { startedAt: number; finishedAt: number | null; exitCode: number | null } => JSON.parse(readFileSync(project.path(`.healmap/run/${name}.run.json`), 'utf8'));
const pidRecordStartedAt = (name: string): number => Date.parse((JSON.parse(readFileSync(project.path(`.healmap/run/${name}.pid`), 'utf8')) as { startedAt: string }).startedAt);

describe('jobs under watch', () => {
  it('runs a daemon, a 24-hour job feeding it and a one-shot setup job without a false failure', async () => {
    project = agent.create({ 'ARCHITECTURE_MAP.md': stackMap(uniqueToken()) });
    expect((await runCli(['lint'], { cwd: project.dir })).code).toBe(0);
    const daemon = agent.watch(project);
    await daemon.waitForEvent((e) => e.event === 'cycle', 20_000);
    // The setup job gates the daemon: the api started only after setup ended with exit 0.
    expect(record('setup')).toMatchObject({ exitCode: 0 });
    expect(pidRecordStartedAt('api')).toBeGreaterThanOrEqual(record('setup').finishedAt as number);
    await waitFor(() => { try { return record('rebuild').exitCode === 0; } catch { return false; } }, 10_000, 'rebuild ran');
    // Let the jobs' exits and a few liveness polls pass: nothing may be reported as failed.
    await daemon.waitForEvent((e) => e.event === 'job-finished' && e.component === 'worker:rebuild', 10_000).catch(() => null);
    await new Promise((r) => setTimeout(r, 3000));
    const events = daemon.events;
    expect(events.filter((e) => e.event === 'detected').map((e) => e.message)).toEqual([]);
    expect(events.filter((e) => e.event === 'action' && ['failed', 'blocked', 'escalated'].includes(String(e.result))).map((e) => e.message)).toEqual([]);
    const check = await runCli(['check', '--json'], { cwd: project.dir });
    expect(check.code).toBe(0);
    const health = JSON.parse(check.stdout) as { components: Record<string, unknown>[] };
    const rebuild = health.components.find((c) => c.id === 'worker:rebuild');
    expect(rebuild?.status).toBe('ok');
    expect(rebuild).toMatchObject({ type: 'job', lastExitCode: 0, schedule: 'every 24h' });
    // The next run is a day after this one: no catch-up storm.
    expect(Date.parse(rebuild?.nextRunAt as string) - record('rebuild').startedAt).toBe(24 * 3_600_000);
    const history = await runCli(['history', '--json'], { cwd: project.dir });
    const entries = (JSON.parse(history.stdout) as { entries: { result: string; detail: string }[] }).entries;
    expect(entries.filter((e) => e.result === 'failed')).toEqual([]);
    expect(entries.map((e) => e.detail).join('\n')).not.toMatch(/code 0/);
  });

  it('rebuilds a stale job output by re-running the job', async () => {
    project = agent.create({ 'ARCHITECTURE_MAP.md': stackMap(uniqueToken(), '3s') });
    const daemon = agent.watch(project);
    await daemon.waitForEvent((e) => e.event === 'cycle', 20_000);
    const first = await waitForRun();
    const rerun = await daemon.waitForEvent((e) => e.event === 'action' && e.action === 'run-job' && e.component === 'worker:rebuild' && /stale/.test(String(e.reason)), 15_000);
    expect(rerun.result).toBe('succeeded');
    await waitFor(async () => (await waitForRun()) > first, 10_000, 'a second run');
    expect(daemon.events.filter((e) => e.event === 'action' && e.result === 'failed')).toEqual([]);
  });
});

async function waitForRun(): Promise<number> {
  let started = 0;
  await waitFor(() => {
    try {
      const r = record('rebuild');
      started = r.exitCode === 0 ? r.startedAt : 0;
    } catch {
      started = 0;
    }
    return started > 0;
  }, 10_000, 'a finished rebuild run');
  return started;
}

describe('jobs under heal', () => {
  it('never calls a job that exited 0 failed, and re-runs one that exited non-zero with backoff', async () => {
    const t = uniqueToken();
    project = agent.create({ 'ARCHITECTURE_MAP.md': `## Workers
| Worker | Command | Produces | Type |
|---|---|---|---|
| once | \`${JOB} out/once.txt 50 0 ${t}\` | out/once.txt | job |
| broken | \`${JOB} out/broken.txt 50 3 ${t}\` | — | job |

## Settings
- start within: 3s
- backoff: 1h
` });
    const first = await runCli(['heal'], { cwd: project.dir });
    expect(first.stdout).toMatch(/run-job once .*succeeded/);
    expect(first.stdout).toMatch(/run-job broken .*failed .*exit 3/);
    expect(first.code).toBe(2);
    const second = await runCli(['heal'], { cwd: project.dir });
    expect(second.stdout).not.toMatch(/run-job once/);
    expect(second.stdout).toMatch(/broken .*backoff after attempt 1/);
    const check = JSON.parse((await runCli(['check', '--json'], { cwd: project.dir })).stdout) as { components: { id: string; status: string; problems: { code: string; message: string }[] }[] };
    expect(check.components.find((c) => c.id === 'worker:once')?.status).toBe('ok');
    expect(check.components.find((c) => c.id === 'worker:broken')?.problems[0]).toMatchObject({ code: 'job-failed' });
    expect(check.components.find((c) => c.id === 'worker:broken')?.problems[0]?.message).toMatch(/exited 3/);
  });
});
