import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { DaemonProcess } from '../helpers/run-daemon.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { TempProject, WORKERS, uniqueToken, waitFor } from '../helpers/temp-project.js';

const agent = useAgentProjects();
let project: TempProject;
let daemon: DaemonProcess;

describe('the scheduler (real daemon, 1 h interval)', () => {
  it('repairs two independent workers killed together side by side: both restarted before either verification ends', async () => {
    const t = uniqueToken();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers
| Worker | Command |
|---|---|
| left | \`node ${WORKERS}/forever.mjs left ${t}\` |
| right | \`node ${WORKERS}/forever.mjs right ${t}\` |

## Settings
- start within: 3s
- stop grace: 1s
`,
    });
    daemon = agent.watch(project, ['--interval', '1h']);
    await daemon.waitForEvent((e) => e.event === 'cycle', 20_000);
    const before = [await project.workerPid('left'), await project.workerPid('right')];
    expect(before).not.toContain(null);
    const mark = daemon.events.length;
    for (const pid of before) process.kill(pid as number, 'SIGKILL');
    // Both new pids exist (each restart spawned) ...
    let after: (number | null)[] = [];
    await waitFor(async () => {
      after = [await project.workerPid('left'), await project.workerPid('right')];
      return after.every((pid, i) => pid !== null && pid !== before[i]);
    }, 20_000, 'both workers restarted');
    // ... while neither restart has finished its 3 s start verification (an action is logged once verified).
    expect(daemon.events.slice(mark).filter((e) => e.event === 'action')).toEqual([]);
    const done = (name: string) => (e: { event: string; component?: unknown; result?: unknown }) => e.event === 'action' && e.component === `worker:${name}` && e.result === 'succeeded';
    await daemon.waitForEvent(done('left'), 20_000, mark);
    await daemon.waitForEvent(done('right'), 20_000, mark);
    // The state kept both passes' updates.
    const check = await runCli(['check', '--json'], { cwd: project.dir });
    expect((JSON.parse(check.stdout) as { status: string }).status).toBe('ok');
  });
});
