import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DaemonProcess, type DaemonEvent } from '../helpers/run-daemon.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { TempProject, WORKERS, uniqueToken, waitFor } from '../helpers/temp-project.js';

const agent = useAgentProjects();
let project: TempProject;
let daemon: DaemonProcess;

const actionsOf = (d: DaemonProcess, component: string): DaemonEvent[] => d.events.filter((e) => e.event === 'action' && e.component === component);
const restarts = (d: DaemonProcess, component: string): DaemonEvent[] => actionsOf(d, component).filter((e) => e.action !== 'escalate' && e.action !== 'wait' && e.action !== 'blocked' && e.action !== 'start-worker');

describe('crash loops climb the ladder (real daemon, 1 h interval)', () => {
  it('counts a worker that dies 1 s after each start as failing: attempts climb, backoff grows, one escalation, retries go on', async () => {
    const t = uniqueToken();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers
| Worker | Command |
|---|---|
| crashy | \`node ${WORKERS}/exit-after.mjs 1000 ${t}\` |
| steady | \`node ${WORKERS}/forever.mjs steady ${t}\` |

## Settings
- start within: 300ms
- min uptime: 3s
- backoff: 1s, 2s, 3s
- cooldown: 2s
- max failures: 20
- on escalate: \`echo "$HEALMAP_COMPONENT|$HEALMAP_ATTEMPTS" >> escalations.txt\`
`,
    });
    daemon = agent.watch(project, ['--interval', '1h']);
    const d = daemon;
    // Each start passes its 300 ms start window, then the worker exits: three rungs, an
    // escalation, and then slow retries that keep starting it.
    await waitFor(() => restarts(d, 'worker:crashy').length >= 6, 60_000, 'six repairs of crashy');
    const repairs = restarts(d, 'worker:crashy');
    expect(repairs.every((e) => e.result === 'succeeded')).toBe(true);
    expect(repairs.map((e) => e.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(repairs.slice(0, 3).map((e) => e.action)).toEqual(['restart-worker', 'restart-with-dependents', 'restart-worker']);
    // The waits between attempts, as the planner states them, grow with the attempts, then stay at the cooldown.
    const waits = actionsOf(d, 'worker:crashy').filter((e) => e.action === 'wait').map((e) => String(e.reason ?? e.message));
    expect(waits.some((w) => /backoff after attempt 2/.test(w))).toBe(true);
    const state = JSON.parse(readFileSync(project.path('.healmap/state.json'), 'utf8')).components['worker:crashy'];
    expect(state.attempts).toBeGreaterThanOrEqual(5);
    expect(state.escalatedAt).not.toBeNull();
    // One escalation, notified once, although the worker was started and died again after it.
    const escalations = actionsOf(d, 'worker:crashy').filter((e) => e.action === 'escalate');
    expect(escalations.length).toBe(1);
    expect(escalations[0]?.reason).toMatch(/ladder is exhausted after 3 attempts/);
    expect(readFileSync(project.path('escalations.txt'), 'utf8').trim().split('\n')).toEqual(['worker:crashy|3']);
    const afterEscalation = repairs.filter((e) => d.events.indexOf(e) > d.events.indexOf(escalations[0] as DaemonEvent));
    expect(afterEscalation.length).toBeGreaterThanOrEqual(2);
    expect(afterEscalation.every((e) => /slow retry after escalation/.test(String(e.reason ?? e.message)))).toBe(true);
    // The steady worker beside it was never touched.
    expect(actionsOf(d, 'worker:steady').filter((e) => e.action !== 'start-worker')).toEqual([]);
  }, 90_000);

  it('restarts a worker killed after a long uptime at attempt 1, every time', async () => {
    const t = uniqueToken();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers
| Worker | Command |
|---|---|
| w | \`node ${WORKERS}/forever.mjs w ${t}\` |

## Settings
- start within: 300ms
- min uptime: 1s
- backoff: 30s, 60s
`,
    });
    daemon = agent.watch(project, ['--interval', '1h']);
    const d = daemon;
    await d.waitForEvent((e) => e.event === 'cycle');
    for (let kill = 1; kill <= 3; kill++) {
      const before = await project.workerPid('w');
      // Up for longer than `min uptime` before each kill.
      await new Promise((r) => setTimeout(r, 1500));
      process.kill(before as number, 'SIGKILL');
      await waitFor(() => restarts(d, 'worker:w').length >= kill, 20_000, `repair ${kill} of w`);
    }
    expect(restarts(d, 'worker:w').map((e) => `${e.action}:${e.attempt}:${e.result}`)).toEqual(['restart-worker:1:succeeded', 'restart-worker:1:succeeded', 'restart-worker:1:succeeded']);
  });
});
