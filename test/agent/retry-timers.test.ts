import { describe, expect, it } from 'vitest';
import { DaemonProcess } from '../helpers/run-daemon.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { TempProject, WORKERS, uniqueToken } from '../helpers/temp-project.js';

const agent = useAgentProjects();
let project: TempProject;
let daemon: DaemonProcess;

describe('retry timers (real daemon, 1 h interval)', () => {
  it('retries a worker that will not start when its backoff ends, with no cycle in between', async () => {
    const t = uniqueToken();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers
| Worker | Command | Produces |
|---|---|---|
| broken | \`node ${WORKERS}/exit-1.mjs ${t}\` | — |

## Settings
- start within: 1s
- backoff: 1s, 1s, 1s
- max failures: 10
`,
    });
    daemon = agent.watch(project, ['--interval', '1h']);
    const action = (attempt: number) => (e: { event: string; component?: unknown; attempt?: unknown }) => e.event === 'action' && e.component === 'worker:broken' && e.attempt === attempt;
    await daemon.waitForEvent(action(2), 20_000);
    const third = await daemon.waitForEvent(action(3), 20_000);
    // Only the start-up cycle ran: the retry came from its timer, not from an interval cycle.
    expect(daemon.events.filter((e) => e.event === 'cycle').map((e) => e.message.match(/\((\w+)\)/)?.[1])).toEqual(['start']);
    expect(third.result).toBe('failed');
  });
});
