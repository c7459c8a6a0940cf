import { readdirSync, readlinkSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runEscalation } from '../../src/repair/run-escalation.js';
import { TempProject, waitFor } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(async () => project.cleanup());

const CONTEXT = { component: 'worker:w', problem: 'process-dead', attempts: 3, reportPath: '/dev/null' };

/** Processes whose working folder is the project (the hook's and its children's). */
function processesIn(dir: string): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).filter((e) => {
    try {
      return readlinkSync(`/proc/${e}/cwd`) === dir;
    } catch {
      return false;
    }
  }).map(Number);
}

describe('runEscalation', () => {
  it('[attack] a hook that leaves a child in the background (`sleep 45 & echo notified`) finishes on the hook\'s exit', async () => {
    project = new TempProject();
    const result = await runEscalation('sleep 45 & echo notified', project.dir, CONTEXT, 30_000);
    expect(result).toEqual({ ok: true, detail: 'on-escalate exited 0: notified' });
    // Its background child still runs (it is the hook's business), until the timeout or cleanup.
    expect(processesIn(project.dir).length).toBeGreaterThan(0);
  });

  it('[attack] at its timeout the hook\'s whole process group is killed, background children too', async () => {
    project = new TempProject();
    const result = await runEscalation('sleep 300 & sleep 301; echo never', project.dir, CONTEXT, 1000);
    expect(result.ok).toBe(false);
    expect(result.detail).toBe('on-escalate timed out after 1000 ms (process group killed)');
    await waitFor(() => processesIn(project.dir).length === 0, 10_000, 'every process of the hook gone');
  });

  it('reports the hook\'s last lines on one line, with its exit code', async () => {
    project = new TempProject();
    const result = await runEscalation('printf "a\\nb\\r\\nc\\n" >&2; exit 3', project.dir, CONTEXT);
    expect(result).toEqual({ ok: false, detail: 'on-escalate exited 3: a | b\\r | c' });
  });
});
