import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src/history/history-log.js';
import { runCli } from '../helpers/run-cli.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { TempProject, WORKERS, uniqueToken } from '../helpers/temp-project.js';

const agent = useAgentProjects();
let project: TempProject;

describe('healmap reset', () => {
  it('writes its stop rows before its start rows, in the order and at the times they happened', async () => {
    const t = uniqueToken();
    project = agent.create({ 'ARCHITECTURE_MAP.md': `## Workers
| Worker | Command | Depends on |
|---|---|---|
| up | \`node ${WORKERS}/forever.mjs up ${t}\` | — |
| down | \`node ${WORKERS}/forever.mjs down ${t}\` | up |

## Settings
- start within: 300ms
- stop grace: 1s
` });
    expect((await runCli(['heal'], { cwd: project.dir })).code).toBe(0);
    const before = readFileSync(project.path('.healmap/history.jsonl'), 'utf8').trim().split('\n').length;
    const reset = await runCli(['reset'], { cwd: project.dir });
    expect(reset.code).toBe(0);
    const rows = readFileSync(project.path('.healmap/history.jsonl'), 'utf8').trim().split('\n').slice(before).map((l) => JSON.parse(l) as HistoryEntry);
    expect(rows.map((r) => `${r.action} ${r.component}`)).toEqual(['reset-stop worker:down', 'reset-stop worker:up', 'reset-start worker:up', 'reset-start worker:down']);
    const times = rows.map((r) => Date.parse(r.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // each start begins after the last stop ended
    const lastStop = rows[1] as HistoryEntry;
    expect(Date.parse((rows[2] as HistoryEntry).time)).toBeGreaterThanOrEqual(Date.parse(lastStop.time) + lastStop.durationMs);
  });
});
