import { describe, expect, it } from 'vitest';
import { DaemonProcess, type DaemonEvent } from '../helpers/run-daemon.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { TempProject, WORKERS, uniqueToken, waitFor } from '../helpers/temp-project.js';

const agent = useAgentProjects();
let project: TempProject;
let daemon: DaemonProcess;

describe('ladder step 2 under the agent (real processes)', () => {
  it('restarts a crash-looping dependency with the dependent that is part of it, never with the healthy one', async () => {
    const t = uniqueToken();
    // `db` starts fine and exits 1 s later, before its 3 s min uptime: every restart fails and the
    // ladder climbs to step 2. `reader` needs it and is healthy; `bound` is part of it.
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers
| Worker | Command | Depends on | Part of |
|---|---|---|---|
| db | \`node ${WORKERS}/exit-after.mjs 1000 ${t}\` | | |
| reader | \`node ${WORKERS}/forever.mjs reader ${t}\` | db | |
| bound | \`node ${WORKERS}/forever.mjs bound ${t}\` | | db |

## Settings
- start within: 300ms
- min uptime: 3s
- backoff: 1s, 2s, 3s
- max failures: 20
`,
    });
    daemon = agent.watch(project, ['--interval', '1h']);
    const d = daemon;
    await waitFor(async () => (await project.workerPid('reader')) !== null && (await project.workerPid('bound')) !== null, 30_000, 'reader and bound started');
    const reader = await project.workerPid('reader');
    const bound = await project.workerPid('bound');
    const step2 = await d.waitForEvent((e) => e.event === 'action' && e.component === 'worker:db' && e.action === 'restart-with-dependents', 60_000);
    expect(step2.result).toBe('succeeded');
    // `reader` kept its process through every repair of db; `bound` was stopped and started again with it.
    expect(String(step2.detail)).not.toContain('reader');
    expect(await project.workerPid('reader')).toBe(reader);
    const touched = (id: string): DaemonEvent[] => d.events.filter((e) => e.event === 'action' && e.component === id && e.action !== 'start-worker');
    expect(touched('worker:reader')).toEqual([]);
    expect(String(step2.reason)).toContain('ladder step 2 restarts it with bound (part of it) in order; leaves reader running: it has no problem of its own');
    await waitFor(async () => (await project.workerPid('bound')) !== bound, 10_000, 'bound restarted');
  }, 120_000);
});
