import { chmodSync, readFileSync, statSync } from 'node:fs';
import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/agent/action-lock.js';
import { runCli } from '../helpers/run-cli.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { type TempProject, waitFor } from '../helpers/temp-project.js';
import { freePort } from '../helpers/free-port.js';
import { healProject } from '../helpers/heal-project.js';
import { isAlive } from './real-helpers.js';

const agent = useAgentProjects();
const newProject = (files: Record<string, string>): TempProject => agent.create(files);

const FAST = '## Settings\n- start within: 1s\n- stop grace: 1s\n';

// A number only this test run uses, so its `sleep` processes are told apart from everyone's.
const seconds = (): number => 100_000 + Math.floor(Math.random() * 800_000);

function environOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
}

describe('identity without the command line', () => {
  it('starts and verifies `nice -n 5 sleep`, `env X=1 sleep` and `VAR=1 sleep` (wrappers that hand off)', async () => {
    const n = seconds();
    const project = newProject({
      'ARCHITECTURE_MAP.md': `## Workers
| Worker | Command |
|---|---|
| niced | \`nice -n 5 sleep ${n}\` |
| enved | \`env X=1 sleep ${n + 1}\` |
| assigned | \`VAR=1 sleep ${n + 2}\` |
${FAST}`,
    });
    const result = await healProject(project);
    expect(result.executed.map((e) => `${e.action.target}:${e.result}`).sort()).toEqual(['worker:assigned:succeeded', 'worker:enved:succeeded', 'worker:niced:succeeded']);
    expect(result.after.status).toBe('ok');
    const niced = (await project.workerPid('niced')) as number;
    // nice(1) hands off to sleep: field 19 of /proc/<pid>/stat is the nice value, 5 above this
    // test's own (capped at 19 when the suite itself runs under `nice`).
    expect(readFileSync(`/proc/${niced}/cmdline`, 'utf8').split('\0')[0]).toBe('sleep');
    expect(readFileSync(`/proc/${niced}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]).toBe(String(Math.min(19, getPriority() + 5)));
    expect(environOf((await project.workerPid('enved')) as number)).toContain('X=1');
    expect(environOf((await project.workerPid('assigned')) as number)).toContain('VAR=1');
    // A second check still ties each pid to its worker by start time, whatever it calls itself.
    expect((await healProject(project)).plan.actions).toEqual([]);
  });

  it('passes `env` and `env file` (dotenv) to the worker, and creates its pidfile and output folders', async () => {
    const n = seconds();
    const project = newProject({
      'settings.env': '# a comment\nC=three\nB="from file"\n',
      'ARCHITECTURE_MAP.md': `## Workers
### w
- command: \`sleep ${n}\`
- env: A=1, B=2
- env file: settings.env
- produces: deep/out/w.txt
- lock: locks/deeper/w.lock
${FAST}`,
    });
    expect((await healProject(project)).after.components.find((c) => c.id === 'worker:w')?.status).toBe('ok');
    const env = environOf((await project.workerPid('w')) as number);
    expect(env).toEqual(expect.arrayContaining(['A=1', 'B=2', 'C=three', 'HEALMAP_WORKER=w']));
    expect(() => readFileSync(project.path('deep/out'))).toThrow(/EISDIR/);
    expect(() => readFileSync(project.path('locks/deeper'))).toThrow(/EISDIR/);
  });

  it('never signals a reused pid whose command line ends with the worker\'s arguments', async () => {
    const n = seconds();
    const project = newProject({
      'ARCHITECTURE_MAP.md': `## Workers
### w
- command: \`sleep ${n}\`
- pid file: run/w.pid
${FAST}`,
    });
    // Someone else's `sleep 3 <n>` took the pid both pidfiles name, after they were written.
    const other = project.spawn('sleep', ['3', String(n)]);
    const pid = other.pid as number;
    project.write('run/w.pid', `${pid}\n`);
    project.write('.healmap/run/w.pid', `${JSON.stringify({ pid, startTicks: 1, command: `sleep ${n}` })}\n`);
    project.age('run/w.pid', 3600);
    project.age('.healmap/run/w.pid', 3600);
    const result = await healProject(project);
    const w = result.before.components.find((c) => c.id === 'worker:w');
    expect(w?.problems.map((p) => p.code)).toEqual(['process-dead']);
    expect(w?.problems[0]?.message).toContain('pid reused');
    expect(isAlive(pid)).toBe(true);
    const started = (await project.workerPid('w')) as number;
    expect(started).not.toBe(pid);
    expect(readFileSync(`/proc/${started}/cmdline`, 'utf8')).toBe(`sleep\0${n}\0`);
  });

  it('does not discover a process whose command line only ends like the worker\'s, and never signals one it discovers', async () => {
    const n = seconds();
    const project = newProject({ 'ARCHITECTURE_MAP.md': `## Workers\n### w\n- command: \`sleep ${n}\`\n${FAST}` });
    const lookalike = project.spawn('sleep', ['3', String(n)]);
    const check = JSON.parse((await runCli(['check', '--json'], { cwd: project.dir })).stdout) as { components: { id: string; state: string }[] };
    expect(check.components.find((c) => c.id === 'worker:w')?.state).toBe('dead');
    const exact = project.spawn('sleep', [String(n)]);
    await waitFor(async () => {
      const again = JSON.parse((await runCli(['check', '--json'], { cwd: project.dir })).stdout) as { components: { id: string; pid: number; identifiedBy: string }[] };
      const w = again.components.find((c) => c.id === 'worker:w');
      return w?.pid === exact.pid && w?.identifiedBy === 'command-line';
    }, 10_000, 'the exact command to be discovered');
    // `reset` stops what it can tie to the map and must not start a duplicate of a discovered worker.
    await runCli(['reset'], { cwd: project.dir });
    expect(isAlive(exact.pid as number)).toBe(true);
    expect(isAlive(lookalike.pid as number)).toBe(true);
    expect(await project.workerPid('w')).toBeNull();
  });

  it('keeps two checkouts of the same map apart: neither sees the other\'s workers', async () => {
    const n = seconds();
    const map = `## Workers\n### w\n- command: \`sleep ${n}\`\n${FAST}`;
    const first = newProject({ 'ARCHITECTURE_MAP.md': map });
    const second = newProject({ 'ARCHITECTURE_MAP.md': map });
    expect((await healProject(first)).after.status).toBe('ok');
    const firstPid = (await first.workerPid('w')) as number;
    const before = JSON.parse((await runCli(['check', '--json'], { cwd: second.dir })).stdout) as { status: string; components: { id: string; state: string }[] };
    expect(before.components.find((c) => c.id === 'worker:w')?.state).toBe('dead');
    expect((await healProject(second)).after.status).toBe('ok');
    const secondPid = (await second.workerPid('w')) as number;
    expect(secondPid).not.toBe(firstPid);
    expect((await runCli(['stop'], { cwd: second.dir })).code).toBe(0);
    expect(isAlive(secondPid)).toBe(false);
    expect(isAlive(firstPid)).toBe(true);
  });

  it('takes over a lock whose pid was reused by a process that started after the lock was written', async () => {
    const project = newProject({ 'ARCHITECTURE_MAP.md': `## Workers\n### w\n- command: \`sleep ${seconds()}\`\n${FAST}` });
    const other = project.spawn('sleep', ['600']);
    for (const lock of ['.healmap/agent.lock', '.healmap/actions.lock']) {
      project.write(lock, `${other.pid}\n`);
      project.age(lock, 3600);
    }
    const held = await acquireLock(project.path('.healmap/agent.lock'), 'agent', 0);
    await held.release();
    // heal waits for a live repairer up to two minutes: a reused pid must not make it wait at all.
    const result = await healProject(project);
    expect(result.after.status).toBe('ok');
    expect(isAlive(other.pid as number)).toBe(true);
    // A lock written after its holder started is honoured.
    project.write('.healmap/agent.lock', `${other.pid}\n`);
    await expect(acquireLock(project.path('.healmap/agent.lock'), 'healmap watch is already running', 0)).rejects.toThrow(/already running/);
  });
});

describe('process trees without writable cgroups', () => {
  it('says so in `check`, and still stops a worker\'s whole tree by its process group', async () => {
    const n = seconds();
    const project = newProject({
      'ARCHITECTURE_MAP.md': `## Workers\n### forker\n- command: \`sleep ${n} & sleep ${n + 1}; wait\`\n${FAST}`,
    });
    const off = { HEALMAP_CGROUPS: 'off' };
    expect((await runCli(['heal'], { cwd: project.dir, env: off })).code).toBe(0);
    const check = await runCli(['check'], { cwd: project.dir, env: off });
    expect(check.stderr).toContain('note: process trees fall back to process groups and parent pids: cgroups turned off (HEALMAP_CGROUPS=off)');
    const json = JSON.parse((await runCli(['check', '--json'], { cwd: project.dir, env: off })).stdout) as { processTrees: unknown };
    expect(json.processTrees).toEqual({ mode: 'process-group', reason: 'cgroups turned off (HEALMAP_CGROUPS=off)' });
    const shell = (await project.workerPid('forker')) as number;
    const children = readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim().split(/\s+/).map(Number);
    expect(children).toHaveLength(2);
    expect((await runCli(['stop'], { cwd: project.dir, env: off })).code).toBe(0);
    for (const pid of [shell, ...children]) expect(isAlive(pid)).toBe(false);
  });

  it('prints a systemd unit that delegates a cgroup subtree to healmap', async () => {
    const project = newProject({ 'ARCHITECTURE_MAP.md': `## Workers\n### w\n- command: \`sleep 1\`\n` });
    const unit = await runCli(['systemd-unit'], { cwd: project.dir });
    expect(unit.stdout).toMatch(/^Delegate=yes$/m);
    expect(unit.stdout).toMatch(/^KillMode=process$/m);
  });
});

describe('ports whose holder cannot be read', () => {
  it('warns in a `check` without root when a running worker\'s port is held by a process it cannot read, and names the holder as root', async () => {
    const n = seconds();
    const port = await freePort();
    const worker = `## Workers\n### w\n- command: \`sleep ${n}\`\n- user: nobody\n`;
    const project = newProject({ 'ARCHITECTURE_MAP.md': `${worker}${FAST}` });
    // Readable by nobody, so that healmap can run as nobody in it.
    chmodSync(project.dir, 0o755);
    expect((await healProject(project)).after.components.find((c) => c.id === 'worker:w')?.status).toBe('ok');
    // The port is declared after the start; the test (root) then takes it: nobody cannot read its /proc/PID/fd.
    project.write('ARCHITECTURE_MAP.md', `${worker}- port: ${port}\n${FAST}`);
    await project.listen(port);
    const asNobody = await runCli(['check', '--json'], { cwd: project.dir, as: { uid: 65534, gid: 65534 } });
    const seen = JSON.parse(asNobody.stdout).components.find((c: { id: string }) => c.id === 'worker:w');
    expect(seen).toMatchObject({ state: 'running', status: 'warning', problems: [{ code: 'port-holder-unknown', message: expect.stringContaining(`port ${port} is open, but healmap cannot tell whether this worker holds it`) }] });
    const asRoot = JSON.parse((await runCli(['check', '--json'], { cwd: project.dir })).stdout).components.find((c: { id: string }) => c.id === 'worker:w');
    expect(asRoot.problems).toEqual([{ code: 'port-held-by-other', message: `port ${port} is held by pid ${process.pid}, not by this worker` }]);
  });
});

describe('ownership', () => {
  it('runs a worker as its `user` (healmap is root here), with the folders it writes owned by it', async () => {
    const n = seconds();
    const project = newProject({ 'ARCHITECTURE_MAP.md': `## Workers\n### w\n- command: \`sleep ${n}\`\n- user: nobody\n- pid file: run/nobody/w.pid\n${FAST}` });
    // A declared pidfile the worker never writes: started by healmap, identified by its own record.
    const result = await healProject(project);
    expect(result.executed.map((e) => e.result)).toEqual(['succeeded']);
    const pid = (await project.workerPid('w')) as number;
    expect(/^Uid:\s+65534\b/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))).toBe(true);
    expect(statSync(project.path('run/nobody')).uid).toBe(65534);
  });

  it('runs a health command as the worker\'s `user`, with its env file, at start and in `check`', async () => {
    const n = seconds();
    // Passes only as nobody with the env file's value: as root, or without the file, it fails.
    const probeCommand = 'test "$(id -u)" = 65534 && test "$TOKEN" = from-file && test "$HOME" != /root';
    const project = newProject({
      'ARCHITECTURE_MAP.md': `## Workers\n### w\n- command: \`sleep ${n}\`\n- user: nobody\n- env file: w.env\n- pid file: run/nobody/w.pid\n- health: \`${probeCommand}\`\n${FAST}`,
      'w.env': 'TOKEN=from-file\n',
    });
    const result = await healProject(project);
    expect(result.executed.map((e) => `${e.result}: ${e.detail}`)).toEqual([expect.stringMatching(/^succeeded: .*healthy/)]);
    const check = await runCli(['check', '--json'], { cwd: project.dir });
    const worker = JSON.parse(check.stdout).components.find((c: { id: string }) => c.id === 'worker:w');
    expect(worker).toMatchObject({ healthy: true });
    const table = await runCli(['check'], { cwd: project.dir });
    expect(table.stdout).toMatch(/health ok/);
  });
});
