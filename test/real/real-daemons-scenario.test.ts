/**
 * The "done when": a map of redis + nginx (default daemonizing mode) + two consumers,
 * written as the README says, heals from nothing in one `heal`, then the agent survives kill -9
 * of each (nginx's master included), SIGSTOP and a paused redis: no false `failed`, no healthy
 * process stopped, no escalation, and `stop` leaves nothing of any tree running.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DaemonProcess } from '../helpers/run-daemon.js';
import { runCli } from '../helpers/run-cli.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { TempProject, waitFor } from '../helpers/temp-project.js';
import { freePort } from '../helpers/free-port.js';
import { historyOf, isAlive, nginxConf } from './real-helpers.js';

const agent = useAgentProjects();
let project: TempProject;
let daemon: DaemonProcess;

const FETCH_LOOP = `import { writeFileSync } from 'node:fs';
for (;;) {
  try {
    const res = await fetch(process.argv[2], { signal: AbortSignal.timeout(1000) });
    if (res.ok) writeFileSync('out/web.txt', await res.text());
  } catch {}
  await new Promise((r) => setTimeout(r, 300));
}
`;

describe('redis + nginx + two consumers under the agent', () => {
  it('heals from nothing in one heal, then survives kill -9 of each, SIGSTOP and a paused redis; stop leaves nothing', async () => {
    const redisPort = await freePort();
    const webPort = await freePort();
    project = agent.create({
      'counter.sh': `while true; do redis-cli -p ${redisPort} incr ticks > out/count.tmp && mv out/count.tmp out/count.txt; sleep 0.3; done\n`,
      'fetch-loop.mjs': FETCH_LOOP,
      'logs/.keep': '',
      'tmp/.keep': '',
    });
    project.write('nginx.conf', nginxConf(project.dir, webPort, true));
    project.write('ARCHITECTURE_MAP.md', `# Shop

## Workers

### redis
- command: \`redis-server --port ${redisPort} --save '' --appendonly no\`
- port: ${redisPort}
- health check: \`redis-cli -p ${redisPort} ping\`
- health period: 1s
- health timeout: 1s
- health retries: 2

### web
- command: \`nginx -c ${project.path('nginx.conf')} -p ${project.dir}\`
- pid file: run/nginx.pid
- port: ${webPort}
- health check: http://127.0.0.1:${webPort}/
- stop signal: SIGQUIT

### counter
- command: \`sh counter.sh\`
- produces: out/count.txt (every 15s)
- depends on: redis

### fetcher
- command: \`node fetch-loop.mjs http://127.0.0.1:${webPort}/\`
- produces: out/web.txt (every 15s)
- depends on: web

## Settings
- start within: 1s
- min uptime: 1s
- stop grace: 3s
`);
    const healed = await runCli(['heal'], { cwd: project.dir, timeoutMs: 60_000 });
    expect(healed.code).toBe(0);
    const check = async (): Promise<{ status: string; components: { id: string; pid: number | null; status: string }[] }> => JSON.parse((await runCli(['check', '--json'], { cwd: project.dir })).stdout);
    await waitFor(async () => (await check()).status === 'ok', 20_000, 'everything ok after one heal');
    const pids = async (): Promise<Record<string, number>> => Object.fromEntries((await check()).components.filter((c) => c.id.startsWith('worker:')).map((c) => [c.id, c.pid as number]));
    const nginxTree = (master: number): number[] => execFileSync('ps', ['-o', 'pid=', '--ppid', String(master)], { encoding: 'utf8' }).split('\n').map(Number).filter((n) => n > 0);
    const everything: Set<number> = new Set();
    let current = await pids();
    for (const pid of Object.values(current)) everything.add(pid);
    for (const pid of nginxTree(current['worker:web'] as number)) everything.add(pid);

    daemon = agent.watch(project);
    await daemon.waitForEvent((e) => e.event === 'cycle', 30_000);
    // One fault at a time: only its target is restarted, every other process keeps its pid.
    const faults: [string, () => void][] = [
      ['worker:redis', () => process.kill(current['worker:redis'] as number, 'SIGKILL')],
      ['worker:web', () => process.kill(current['worker:web'] as number, 'SIGKILL')],
      ['worker:counter', () => process.kill(current['worker:counter'] as number, 'SIGKILL')],
      ['worker:fetcher', () => process.kill(current['worker:fetcher'] as number, 'SIGKILL')],
      ['worker:counter', () => process.kill(current['worker:counter'] as number, 'SIGSTOP')],
      ['worker:redis', () => execFileSync('redis-cli', ['-p', String(redisPort), 'client', 'pause', '60000'], { timeout: 5000 })],
    ];
    for (const [target, inject] of faults) {
      const before = current;
      const from = daemon.events.length;
      // A worker killed before it has been up for \`min uptime\` counts as a failed start (a crash
      // loop), which climbs the ladder; each fault here is a fresh one, so the last restart settles first.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      inject();
      await daemon.waitForEvent((e) => e.event === 'action' && e.component === target && e.result === 'succeeded', 45_000, from);
      await waitFor(async () => (await check()).status === 'ok', 30_000, `everything ok after the fault on ${target}`);
      current = await pids();
      for (const [id, pid] of Object.entries(before)) {
        if (id === target) expect(current[id], id).not.toBe(pid);
        else expect(current[id], `${id} kept running through the fault on ${target}`).toBe(pid);
      }
      for (const pid of Object.values(current)) everything.add(pid);
      for (const pid of nginxTree(current['worker:web'] as number)) everything.add(pid);
    }
    const history = await historyOf(project);
    expect(history.filter((e) => e.result === 'failed' || e.result === 'escalated' || e.result === 'blocked')).toEqual([]);
    expect(history.filter((e) => e.action === 'restart-with-dependents')).toEqual([]);
    await daemon.stop();
    const stopped = await runCli(['stop'], { cwd: project.dir });
    expect(stopped.code).toBe(0);
    for (const pid of everything) expect(isAlive(pid), `pid ${pid}`).toBe(false);
    expect(readFileSync(project.path('out/count.txt'), 'utf8').trim()).toMatch(/^\d+$/);
  }, 300_000);
});
