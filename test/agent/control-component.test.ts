import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDeadState, readProcStat } from '../../src/probe/proc-stat.js';
import { REPO, runCli } from '../helpers/run-cli.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { TempProject, WORKERS, uniqueToken, waitFor } from '../helpers/temp-project.js';

const agent = useAgentProjects();
let project: TempProject;

const alive = async (pid: number | null): Promise<boolean> => pid !== null && !isDeadState(await readProcStat(pid));

function mapText(t: string): string {
  return `## Workers
| Worker | Command |
|---|---|
| api | \`node ${WORKERS}/forever.mjs api ${t}\` |
| broken | \`node ${WORKERS}/exit-1.mjs broken ${t}\` |


## Settings
- start within: 1500ms
- stop grace: 1s
- backoff: 200ms
`;
}

describe('one component at a time beside a running watch', () => {
  it('restarts, stops (kept stopped, not healed), starts and resolves single components', async () => {
    project = agent.create({ 'ARCHITECTURE_MAP.md': mapText(uniqueToken()) });
    const daemon = agent.watch(project);
    await daemon.waitForEvent((e) => e.event === 'cycle', 20_000);
    // broken climbs the ladder and escalates
    await daemon.waitForEvent((e) => e.event === 'action' && e.component === 'worker:broken' && e.result === 'escalated', 30_000);

    // restart: a new pid, and the daemon neither reports an incident nor repairs anything
    const first = await project.workerPid('api');
    let mark = daemon.events.length;
    const restart = await runCli(['restart', 'api'], { cwd: project.dir });
    expect(restart.code, restart.stderr).toBe(0);
    const second = await project.workerPid('api');
    expect(second).not.toBe(first);
    expect(await alive(second)).toBe(true);
    await daemon.waitForEvent((e) => e.event === 'request' && e.command === 'restart', 5000, mark);
    await new Promise((r) => setTimeout(r, 1500));
    const apiEvents = (from: number) => daemon.events.slice(from).filter((e) => e.component === 'worker:api');
    expect(apiEvents(mark).filter((e) => e.event === 'detected' || e.event === 'action')).toEqual([]);

    // stop: stays stopped, reported as such
    mark = daemon.events.length;
    expect((await runCli(['stop', 'api'], { cwd: project.dir })).code).toBe(0);
    expect(await alive(second)).toBe(false);
    await daemon.waitForEvent((e) => e.event === 'request' && e.command === 'stop', 5000, mark);
    await new Promise((r) => setTimeout(r, 2500));
    expect(apiEvents(mark).filter((e) => e.event === 'action')).toEqual([]);
    const checked = JSON.parse((await runCli(['check', '--json'], { cwd: project.dir })).stdout) as { components: Record<string, unknown>[] };
    const api = checked.components.find((c) => c.id === 'worker:api');
    expect(api).toMatchObject({ status: 'ok', state: 'dead' });
    expect(typeof api?.stoppedByRequest).toBe('string');
    expect((await runCli(['check'], { cwd: project.dir })).stdout).toMatch(/api .*stopped \(by request\)/);

    // start: running again, and healed again when it dies
    mark = daemon.events.length;
    expect((await runCli(['start', 'api'], { cwd: project.dir })).code).toBe(0);
    const third = await project.workerPid('api');
    expect(await alive(third)).toBe(true);
    await daemon.waitForEvent((e) => e.event === 'request' && e.command === 'start', 5000, mark);
    await new Promise((r) => setTimeout(r, 1500));
    process.kill(third as number, 'SIGKILL');
    await waitFor(async () => { const pid = await project.workerPid('api'); return pid !== third && (await alive(pid)); }, 10_000, 'api healed after start');

    // resolve: the escalation is cleared and the ladder starts again at attempt 1
    mark = daemon.events.length;
    const resolved = await runCli(['resolve', 'broken'], { cwd: project.dir });
    expect(resolved.code, resolved.stdout).toBe(0);
    expect(resolved.stdout).toMatch(/cleared its escalation/);
    await daemon.waitForEvent((e) => e.event === 'request' && e.command === 'resolve', 5000, mark);
    await daemon.waitForEvent((e) => e.event === 'action' && e.component === 'worker:broken' && e.attempt === 1, 10_000, mark);
    expect((await runCli(['resolve', 'api'], { cwd: project.dir })).code).toBe(1);
  }, 120_000);
});

describe('a person\'s stop and restart carry the workers part of one (systemd PartOf=)', () => {
  it('restarts the running part-of workers with it, stops them all with it, starts it alone, and never touches a plain dependent', async () => {
    const t = uniqueToken();
    // `bound` is part of db, `tail` part of bound (so of db too); `reader` only depends on db.
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers
| Worker | Command | Depends on | Part of |
|---|---|---|---|
| db | \`node ${WORKERS}/forever.mjs db ${t}\` | | |
| bound | \`node ${WORKERS}/forever.mjs bound ${t}\` | | db |
| tail | \`node ${WORKERS}/forever.mjs tail ${t}\` | | bound |
| reader | \`node ${WORKERS}/forever.mjs reader ${t}\` | db | |

## Settings
- start within: 500ms
- stop grace: 1s
`,
    });
    expect((await runCli(['heal'], { cwd: project.dir })).code).toBe(0);
    const pids = async (): Promise<Record<string, number | null>> => Object.fromEntries(await Promise.all(['db', 'bound', 'tail', 'reader'].map(async (n) => [n, await project.workerPid(n)])));
    const before = await pids();
    const daemon = agent.watch(project);
    await daemon.waitForEvent((e) => e.event === 'cycle', 20_000);

    let mark = daemon.events.length;
    const restart = await runCli(['restart', 'db'], { cwd: project.dir });
    expect(restart.code, restart.stderr).toBe(0);
    expect(restart.stdout).toMatch(/bound, part of it/);
    const after = await pids();
    for (const name of ['db', 'bound', 'tail']) {
      expect(after[name], name).not.toBe(before[name]);
      expect(await alive(after[name] ?? null), name).toBe(true);
      expect(await alive(before[name] ?? null), name).toBe(false);
    }
    expect(after.reader).toBe(before.reader);
    // The daemon takes the carried exits as the request's own: no incident, no repair.
    await daemon.waitForEvent((e) => e.event === 'request' && e.command === 'restart', 5000, mark);
    await new Promise((r) => setTimeout(r, 2000));
    expect(daemon.events.slice(mark).filter((e) => e.event === 'detected' || e.event === 'action')).toEqual([]);

    // stop: db and everything part of it stop and stay stopped; the reader keeps running.
    mark = daemon.events.length;
    expect((await runCli(['stop', 'db'], { cwd: project.dir })).code).toBe(0);
    for (const name of ['db', 'bound', 'tail']) expect(await alive(after[name] ?? null), name).toBe(false);
    expect(await alive(after.reader ?? null)).toBe(true);
    await new Promise((r) => setTimeout(r, 2500));
    expect(daemon.events.slice(mark).filter((e) => e.event === 'action')).toEqual([]);
    const checked = JSON.parse((await runCli(['check', '--json'], { cwd: project.dir })).stdout) as { components: { id: string; stoppedByRequest?: string }[] };
    expect(checked.components.filter((c) => typeof c.stoppedByRequest === 'string').map((c) => c.id).sort()).toEqual(['worker:bound', 'worker:db', 'worker:tail']);

    // start: db alone, as systemd's start does not follow PartOf=; the others are started by name.
    expect((await runCli(['start', 'db'], { cwd: project.dir })).code).toBe(0);
    expect(await alive(await project.workerPid('db'))).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await alive(await project.workerPid('bound'))).toBe(false);
    expect((await runCli(['start', 'bound'], { cwd: project.dir })).code).toBe(0);
    expect(await alive(await project.workerPid('bound'))).toBe(true);
  }, 120_000);
});

describe('healmap logs', () => {
  it('prints the last lines of a worker\'s captured output, and follows it', async () => {
    const t = uniqueToken();
    project = agent.create({ 'ARCHITECTURE_MAP.md': `## Workers\n| Worker | Command | Type |\n|---|---|---|\n| once | \`node ${WORKERS}/job-write.mjs out/once.txt 50 0 ${t}\` | job |\n\n## Settings\n- start within: 3s\n` });
    expect((await runCli(['logs', 'once'], { cwd: project.dir })).code).toBe(1);
    await runCli(['heal'], { cwd: project.dir });
    const last = await runCli(['logs', 'once', '-n', '1'], { cwd: project.dir });
    expect(last.code).toBe(0);
    expect(last.stdout).toBe('job-write: done, exit 0\n');
    expect((await runCli(['logs', 'once', '-n', '3'], { cwd: project.dir })).stdout.split('\n')).toHaveLength(4);
    const follow = spawn(process.execPath, [join(REPO, 'bin/healmap.js'), 'logs', 'once', '-f', '-n', '1'], { cwd: project.dir });
    project.children.push(follow);
    let out = '';
    follow.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    await waitFor(() => out.includes('exit 0'), 10_000, 'the tail');
    appendFileSync(project.path('.healmap/logs/once.log'), 'a line written later\n');
    await waitFor(() => out.includes('a line written later'), 10_000, 'followed line');
    expect(out).toBe('job-write: done, exit 0\na line written later\n');
    follow.kill('SIGTERM');
    expect(readFileSync(project.path('.healmap/logs/once.log'), 'utf8')).toContain('healmap runs');
  }, 60_000);
});
