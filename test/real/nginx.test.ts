import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { TempProject, waitFor } from '../helpers/temp-project.js';
import { findListenerPid } from '../../src/probe/probe-port.js';
import { freePort } from '../helpers/free-port.js';
import { healProject } from '../helpers/heal-project.js';
import { historyOf, isAlive, nginxConf } from './real-helpers.js';

const agent = useAgentProjects();
let project: TempProject;

function writeNginx(port: number, daemon: boolean): void {
  project.write('nginx.conf', nginxConf(project.dir, port, daemon));
  project.write('logs/.keep', '');
  project.write('tmp/.keep', '');
  project.write('run/.keep', '');
}

function mapFor(port: number, daemon: boolean): string {
  return `## Workers
### web
- command: \`nginx -c ${project.path('nginx.conf')} -p ${project.dir}\`
${daemon ? '- pid file: run/nginx.pid\n' : ''}- port: ${port}
- health check: http://127.0.0.1:${port}/
- stop signal: SIGQUIT

## Settings
- start within: 1s
- stop grace: 3s
`;
}

describe('nginx, the real program', () => {
  it('supervises nginx in its default daemonizing mode through its pidfile, and stop leaves nothing running', async () => {
    const port = await freePort();
    project = agent.create();
    writeNginx(port, true);
    project.write('ARCHITECTURE_MAP.md', mapFor(port, true));
    const result = await healProject(project);
    expect(result.executed.map((e) => `${e.action.kind}:${e.result}`)).toEqual(['start-worker:succeeded']);
    expect(result.executed[0]?.detail).toMatch(/daemonized/);
    expect(result.after.status).toBe('ok');
    const master = Number(readFileSync(project.path('run/nginx.pid'), 'utf8'));
    expect(await project.workerPid('web')).toBe(master);
    const workers = (await findListenerPid(port)) ? allChildren(master) : [];
    expect(workers.length).toBeGreaterThanOrEqual(2);
    const stop = await runCli(['stop'], { cwd: project.dir });
    expect(stop.code).toBe(0);
    for (const pid of [master, ...workers]) expect(isAlive(pid)).toBe(false);
    expect(await findListenerPid(port)).toBeNull();
  });

  it('supervises nginx with `daemon off;` in the foreground', async () => {
    const port = await freePort();
    project = agent.create();
    writeNginx(port, false);
    project.write('ARCHITECTURE_MAP.md', mapFor(port, false));
    const result = await healProject(project);
    expect(result.executed.map((e) => `${e.action.kind}:${e.result}`)).toEqual(['start-worker:succeeded']);
    expect(result.after.status).toBe('ok');
    const master = (await project.workerPid('web')) as number;
    expect(readFileSync(`/proc/${master}/cmdline`, 'utf8')).toMatch(/^nginx: master process/);
    const stop = await runCli(['stop'], { cwd: project.dir });
    expect(stop.code).toBe(0);
    expect(isAlive(master)).toBe(false);
    expect(await findListenerPid(port)).toBeNull();
  });

  it.each([['its cgroup', 'on'], ['its process groups (no cgroups)', 'off']])('after a SIGKILL of the master, cleans up the workers left holding the port through %s and restarts, never escalating', async (_how, cgroups) => {
    if (cgroups === 'off') process.env.HEALMAP_CGROUPS = 'off';
    onTestFinished(() => { delete process.env.HEALMAP_CGROUPS; });
    const port = await freePort();
    project = agent.create();
    writeNginx(port, true);
    project.write('ARCHITECTURE_MAP.md', mapFor(port, true));
    expect((await healProject(project)).after.status).toBe('ok');
    const master = Number(readFileSync(project.path('run/nginx.pid'), 'utf8'));
    const workers = allChildren(master);
    expect(workers.length).toBeGreaterThanOrEqual(2);
    process.kill(master, 'SIGKILL');
    await waitFor(() => !isAlive(master), 5000, 'the master to die');
    // Its workers still hold the port.
    const holder = await findListenerPid(port);
    expect(holder).not.toBeNull();
    expect(workers).toContain(holder);
    const result = await healProject(project);
    const web = result.before.components.find((c) => c.id === 'worker:web');
    // Dead, or a zombie until this sandbox's slow PID 1 reaps it; never a port held by another.
    expect(web?.problems.map((p) => p.code)).toEqual([expect.stringMatching(/^process-(dead|zombie)$/)]);
    expect(result.executed.map((e) => `${e.action.kind}:${e.result}`)).toEqual(['restart-worker:succeeded']);
    expect(result.after.status).toBe('ok');
    for (const pid of workers) expect(isAlive(pid)).toBe(false);
    expect((await historyOf(project)).filter((e) => e.result === 'failed' || e.result === 'escalated')).toEqual([]);
  });
});

// Direct children of a pid, from /proc.
function allChildren(pid: number): number[] {
  const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  return out.split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
}
