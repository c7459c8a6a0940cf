import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectCgroupRoot } from '../../src/probe/cgroup-root.js';
import { runCli } from '../helpers/run-cli.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { TempProject, waitFor } from '../helpers/temp-project.js';
import { freePort } from '../helpers/free-port.js';
import { healProject } from '../helpers/heal-project.js';
import { historyOf, isAlive } from './real-helpers.js';

const agent = useAgentProjects();
let project: TempProject;

const cgroupOf = (pid: number): string => /^0::(.*)$/m.exec(readFileSync(`/proc/${pid}/cgroup`, 'utf8'))?.[1] ?? '';

describe('redis-server, the real program', () => {
  it('starts redis in the foreground (it renames its title) and verifies it by start time, in its own cgroup', async () => {
    const port = await freePort();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers
### redis
- command: \`redis-server --port ${port} --save '' --appendonly no\`
- port: ${port}
- health check: \`redis-cli -p ${port} ping\`
`,
    });
    const result = await healProject(project);
    expect(result.executed.map((e) => `${e.action.kind}:${e.result}`)).toEqual(['start-worker:succeeded']);
    expect(result.after.status).toBe('ok');
    const pid = (await project.workerPid('redis')) as number;
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toMatch(/^redis-server \*:\d+/);
    const root = detectCgroupRoot();
    const cgroup = cgroupOf(pid);
    if (root.path) expect(cgroup).toMatch(/\/healmap\/[0-9a-f]{12}\/redis$/);
    const stopped = await runCli(['stop'], { cwd: project.dir });
    expect(stopped.code).toBe(0);
    expect(isAlive(pid)).toBe(false);
    // The emptied cgroup was removed.
    if (root.path) expect(existsSync(join(root.path, cgroup.slice(cgroup.indexOf('/healmap/') + '/healmap'.length)))).toBe(false);
  });

  it('supervises redis with `daemonize yes` and a pidfile: the daemon, not its launcher, is the worker', async () => {
    const port = await freePort();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers
### redis
- command: \`redis-server --port ${port} --daemonize yes --pidfile run/redis.pid --save '' --appendonly no\`
- pid file: run/redis.pid
- port: ${port}
- health: \`redis-cli -p ${port} ping\`
`,
    });
    const result = await healProject(project);
    expect(result.executed.map((e) => `${e.action.kind}:${e.result}`)).toEqual(['start-worker:succeeded']);
    expect(result.executed[0]?.detail).toMatch(/daemonized/);
    expect(result.after.status).toBe('ok');
    const pid = Number(readFileSync(project.path('run/redis.pid'), 'utf8'));
    expect(await project.workerPid('redis')).toBe(pid);
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !isAlive(pid), 5000, 'redis to die');
    const again = await healProject(project);
    expect(again.executed.map((e) => `${e.action.kind}:${e.result}`)).toEqual(['restart-worker:succeeded']);
    expect(again.after.status).toBe('ok');
    const newPid = Number(readFileSync(project.path('run/redis.pid'), 'utf8'));
    expect(newPid).not.toBe(pid);
    const stop = await runCli(['stop'], { cwd: project.dir });
    expect(stop.code).toBe(0);
    expect(isAlive(newPid)).toBe(false);
  });

  it('diagnoses a paused redis (CLIENT PAUSE) as the root cause through its health check, not its consumer', async () => {
    const port = await freePort();
    project = agent.create({
      'consumer.sh': `while true; do redis-cli -p ${port} incr ticks > out/ticks.txt; sleep 0.2; done\n`,
      'ARCHITECTURE_MAP.md': `## Workers
### redis
- command: \`redis-server --port ${port} --save '' --appendonly no\`
- port: ${port}
- health check: \`redis-cli -p ${port} ping\`
- health timeout: 1s

### consumer
- command: \`sh consumer.sh\`
- produces: out/ticks.txt (every 2s)
- depends on: redis

## Settings
- start within: 1s
- stop grace: 2s
`,
    });
    expect((await healProject(project)).after.status).toBe('ok');
    const consumerPid = (await project.workerPid('consumer')) as number;
    const paused = execFileSync('redis-cli', ['-p', String(port), 'client', 'pause', '60000'], { encoding: 'utf8', timeout: 5000 }).trim();
    expect(paused).toBe('OK');
    // The consumer's output goes stale behind the paused redis.
    await waitFor(() => Date.now() - statSync(project.path('out/ticks.txt')).mtimeMs > 2500, 10_000, 'the output to go stale');
    const result = await healProject(project);
    expect(result.before.rootCauses).toEqual(['worker:redis']);
    expect(result.before.components.find((c) => c.id === 'worker:redis')?.problems.map((p) => p.code)).toEqual(['unhealthy']);
    expect(result.executed.map((e) => `${e.action.target}:${e.action.kind}:${e.result}`)).toEqual(['worker:redis:restart-worker:succeeded']);
    // The consumer, alive all along, was not restarted.
    expect(await project.workerPid('consumer')).toBe(consumerPid);
    expect(isAlive(consumerPid)).toBe(true);
    expect((await historyOf(project)).filter((e) => e.result === 'failed')).toEqual([]);
  });
});


describe('cgroup housekeeping', () => {
  it('removes empty worker cgroups left long ago by killed workers, and never a populated or recent one', async () => {
    const root = detectCgroupRoot();
    project = agent.create();
    if (!root.path) {
      expect(root.reason).toMatch(/.+/);
      return;
    }
    const { pruneStaleCgroups } = await import('../../src/repair/worker-cgroup.js');
    const base = join(root.path, `test-${process.pid}-${Date.now().toString(36)}`);
    const { mkdirSync, utimesSync, writeFileSync } = await import('node:fs');
    for (const name of ['old', 'recent', 'busy']) mkdirSync(join(base, name), { recursive: true });
    const sleeper = project.spawn('sleep', ['600']);
    writeFileSync(join(base, 'busy', 'cgroup.procs'), String(sleeper.pid));
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const name of ['old', 'busy']) utimesSync(join(base, name), hourAgo, hourAgo);
    pruneStaleCgroups(root.path);
    expect(existsSync(join(base, 'old'))).toBe(false);
    expect(existsSync(join(base, 'recent'))).toBe(true);
    expect(existsSync(join(base, 'busy'))).toBe(true);
    process.kill(sleeper.pid as number, 'SIGKILL');
    await waitFor(() => readFileSync(join(base, 'busy', 'cgroup.procs'), 'utf8').trim() === '', 5000, 'the group to empty');
    const { rmdirSync } = await import('node:fs');
    for (const name of ['recent', 'busy']) rmdirSync(join(base, name));
    rmdirSync(base);
  });
});
