import { execFileSync, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { LivenessEvents } from '../../src/agent/liveness-events.js';
import type { Detection } from '../../src/agent/detection.js';
import type { ComponentId } from '../../src/map/types.js';
import { readProcStatSync } from '../../src/probe/proc-stat.js';
import { waitFor } from '../helpers/temp-project.js';

const HOUR_MS = 3_600_000;
let pids: number[] = [];
let events: LivenessEvents | null = null;
afterEach(() => {
  events?.close();
  events = null;
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  pids = [];
});

/** A `sleep` this test process started: its child. */
function startChild(): number {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  if (child.pid === undefined) throw new Error('could not spawn sleep');
  pids.push(child.pid);
  return child.pid;
}

/** A `sleep` whose parent shell exited at once: reparented away from this process, like an adopted worker. */
function startAdopted(): number {
  const pid = Number(execFileSync('/bin/sh', ['-c', 'sleep 600 >/dev/null 2>&1 & echo $!']).toString().trim());
  pids.push(pid);
  return pid;
}

/** Tracks `pid` as worker `w` and collects what is reported. */
function watch(pid: number, options: { adoptedPollMs: number; childPollMs: number }): Detection[] {
  const seen: Detection[] = [];
  events = new LivenessEvents((d) => seen.push(d), options);
  events.track('worker:w' as ComponentId, pid);
  return seen;
}

describe('liveness events', () => {
  it('reports a child frozen by SIGSTOP from its SIGCHLD, with every poll slowed to an hour', async () => {
    const pid = startChild();
    const seen = watch(pid, { adoptedPollMs: HOUR_MS, childPollMs: HOUR_MS });
    process.kill(pid, 'SIGSTOP');
    await waitFor(() => seen.length > 0, 10_000, 'the stop reported');
    expect(seen).toMatchObject([{ id: 'worker:w', trigger: 'stopped', what: `pid ${pid} is stopped (SIGSTOP)` }]);
  });

  it('reports a child that dies with no exit handler wired as gone, with every poll slowed to an hour', async () => {
    const pid = startChild();
    const seen = watch(pid, { adoptedPollMs: HOUR_MS, childPollMs: HOUR_MS });
    process.kill(pid, 'SIGKILL');
    await waitFor(() => seen.length > 0, 10_000, 'the death reported');
    expect(seen).toMatchObject([{ id: 'worker:w', trigger: 'exit', what: `pid ${pid} is gone` }]);
  });

  it('keeps polling an adopted worker, which sends no SIGCHLD: its stop and then its death are reported', async () => {
    const pid = startAdopted();
    await waitFor(() => readProcStatSync(pid)?.ppid !== process.pid, 5000, 'the sleep reparented');
    const seen = watch(pid, { adoptedPollMs: 200, childPollMs: HOUR_MS });
    process.kill(pid, 'SIGSTOP');
    await waitFor(() => seen.length > 0, 10_000, 'the stop reported');
    expect(seen).toMatchObject([{ id: 'worker:w', trigger: 'stopped' }]);
    // A reported worker is tracked again by the next pass; its death is polled for too.
    events?.track('worker:w' as ComponentId, pid);
    process.kill(pid, 'SIGKILL');
    await waitFor(() => seen.length > 1, 10_000, 'the death reported');
    expect(seen[1]).toMatchObject({ id: 'worker:w', trigger: 'exit', what: `pid ${pid} is gone` });
  });

  it('does not take an adopted worker for a child: with its poll slowed to an hour, its stop goes unreported while a child\'s is', async () => {
    const adopted = startAdopted();
    await waitFor(() => readProcStatSync(adopted)?.ppid !== process.pid, 5000, 'the sleep reparented');
    const child = startChild();
    const seen: Detection[] = [];
    events = new LivenessEvents((d) => seen.push(d), { adoptedPollMs: HOUR_MS, childPollMs: HOUR_MS });
    events.track('worker:adopted' as ComponentId, adopted);
    events.track('worker:child' as ComponentId, child);
    process.kill(adopted, 'SIGSTOP');
    // The child's stop comes second: its SIGCHLD reads the children, and only them.
    process.kill(child, 'SIGSTOP');
    await waitFor(() => seen.length > 0, 10_000, 'the child\'s stop reported');
    expect(seen.map((d) => d.id)).toEqual(['worker:child']);
  });
});
