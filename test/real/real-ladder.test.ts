/**
 * The ladder with real programs under the agent: Debian's redis-server with a replica that is
 * `part of` it (a second redis-server) and a real consumer (a shell loop of redis-cli) that only
 * depends on it. Killed again and again, redis turns flapping, which notifies but does not cut the
 * ladder short: when it then dies before `min uptime`, ladder step 2 runs, carries the replica,
 * and leaves the healthy consumer running with the reason in the trail. Every restart of redis,
 * the first rung's too, carries the replica (systemd's PartOf=); none touches the consumer.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DaemonEvent } from '../helpers/run-daemon.js';
import { runCli } from '../helpers/run-cli.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { TempProject, waitFor } from '../helpers/temp-project.js';
import { freePort } from '../helpers/free-port.js';
import { historyOf, isAlive } from './real-helpers.js';

const agent = useAgentProjects();
let project: TempProject;

const MIN_UPTIME_S = 8;

describe('redis, a replica part of it and a consumer under the agent', () => {
  it('reaches ladder step 2 on a flapping redis, restarts the replica with every restart of it, and never the healthy consumer', async () => {
    const port = await freePort();
    const replicaPort = await freePort();
    project = agent.create({
      'counter.sh': `while true; do redis-cli -p ${port} incr ticks > out/count.tmp && mv out/count.tmp out/count.txt; sleep 0.3; done\n`,
    });
    project.write('ARCHITECTURE_MAP.md', `# Cache

## Workers

### redis
- command: \`redis-server --port ${port} --save '' --appendonly no\`
- port: ${port}
- health check: \`redis-cli -p ${port} ping\`
- health period: 1s

### replica
- command: \`redis-server --port ${replicaPort} --replicaof 127.0.0.1 ${port} --save '' --appendonly no\`
- port: ${replicaPort}
- part of: redis

### counter
- command: \`sh counter.sh\`
- produces: out/count.txt (every 60s)
- depends on: redis

## Settings
- start within: 1s
- min uptime: ${MIN_UPTIME_S}s
- stop grace: 3s
`);
    expect((await runCli(['heal'], { cwd: project.dir, timeoutMs: 60_000 })).code).toBe(0);
    const check = async (): Promise<{ status: string; components: { id: string; pid: number | null }[] }> => JSON.parse((await runCli(['check', '--json'], { cwd: project.dir })).stdout);
    await waitFor(async () => (await check()).status === 'ok', 30_000, 'everything ok after one heal');
    const pidOf = async (id: string): Promise<number> => (await check()).components.find((c) => c.id === id)?.pid as number;
    const counter = await pidOf('worker:counter');
    const daemon = agent.watch(project);
    await daemon.waitForEvent((e) => e.event === 'cycle', 30_000);
    const redisAction = (from: number) => daemon.waitForEvent((e) => e.event === 'action' && e.component === 'worker:redis' && e.result === 'succeeded' && e.action !== 'escalate', 90_000, from);
    const flapping = (): boolean => JSON.parse(readFileSync(project.path('.healmap/state.json'), 'utf8')).components['worker:redis']?.flapping === true;

    // Killed after running fine, again and again (each time past `min uptime`), until it flaps.
    // Every one of these is a first-rung restart, and carries the replica.
    // The first kill, too, comes past `min uptime` since the heal started redis, so it is no failed attempt.
    await new Promise((resolve) => setTimeout(resolve, (MIN_UPTIME_S + 1) * 1000));
    for (let kill = 0; kill < 8 && !flapping(); kill++) {
      const replica = await pidOf('worker:replica');
      const from = daemon.events.length;
      process.kill(await pidOf('worker:redis'), 'SIGKILL');
      const restarted = await redisAction(from);
      expect([restarted.action, restarted.attempt]).toEqual(['restart-worker', 1]);
      expect(String(restarted.reason)).toContain('restarts replica (part of it) with it');
      await waitFor(async () => (await check()).status === 'ok', 30_000, 'everything ok after the kill');
      expect(await pidOf('worker:replica')).not.toBe(replica);
      expect(isAlive(replica)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, (MIN_UPTIME_S + 1) * 1000));
    }
    expect(flapping()).toBe(true);

    // Now it dies again, and again right after its restart (before `min uptime`): a failed attempt.
    let from = daemon.events.length;
    process.kill(await pidOf('worker:redis'), 'SIGKILL');
    await redisAction(from);
    from = daemon.events.length;
    process.kill(await pidOf('worker:redis'), 'SIGKILL');
    const step2 = await redisAction(from);
    expect(step2.action).toBe('restart-with-dependents');
    await waitFor(async () => (await check()).status === 'ok', 30_000, 'everything ok after step 2');

    const history = await historyOf(project);
    const entries = history as unknown as { component: string; action: string; result: string; reason: string; attempt: number }[];
    // Flapping was notified (escalated) before step 2, and did not turn it into a slow retry.
    const flapAt = entries.findIndex((e) => e.component === 'worker:redis' && e.result === 'escalated' && e.reason.startsWith('flapping:'));
    const stepAt = entries.findIndex((e) => e.action === 'restart-with-dependents');
    expect(flapAt).toBeGreaterThanOrEqual(0);
    expect(stepAt).toBeGreaterThan(flapAt);
    expect(entries[stepAt]).toMatchObject({ component: 'worker:redis', result: 'succeeded', attempt: 2 });
    expect(entries[stepAt]?.reason).toContain('ladder step 2 restarts it with replica (part of it) in order; leaves counter running: it has no problem of its own');
    expect(entries[stepAt]?.reason).not.toContain('slow retry');
    // The consumer kept its one process through all of it, and healmap never acted on it.
    expect(await pidOf('worker:counter')).toBe(counter);
    expect(isAlive(counter)).toBe(true);
    expect(entries.filter((e) => e.component === 'worker:counter').map((e) => e.action)).toEqual(['start-worker']);
    expect(daemon.events.filter((e: DaemonEvent) => e.event === 'action' && e.component === 'worker:counter')).toEqual([]);
  }, 300_000);
});
