import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, symlinkSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMap } from '../../src/map/load-map.js';
import type { MapModel, WorkerSpec } from '../../src/map/types.js';
import { startWorker } from '../../src/repair/start-worker.js';
import { runJob } from '../../src/repair/run-job.js';
import { useOutsideFolder } from '../helpers/outside-folder.js';
import { TempProject, WORKERS, uniqueToken, waitFor } from '../helpers/temp-project.js';

let project: TempProject;
let outside: string;
let reader: number | null = null;
afterEach(() => {
  if (reader !== null) closeSync(reader);
  reader = null;
});
const setUp = useOutsideFolder((p, o) => {
  project = p;
  outside = o;
});

/**
 * Starts worker `w` with `start` while `.healmap/run` is swapped for a link to a folder outside the
 * project after healmap checked it: the worker's log is a FIFO, so the start waits on opening it
 * until the test has made the swap (then the test opens the FIFO's other end and lets it go on).
 */
async function startAcrossSwap(command: string, start: (model: MapModel, worker: WorkerSpec) => Promise<unknown>): Promise<unknown> {
  setUp({ 'ARCHITECTURE_MAP.md': `## Workers\n### w\n- command: ${command}\n\n## Settings\n- start within: 1s\n- stop grace: 1s\n` });
  mkdirSync(project.path('.healmap/logs'), { recursive: true });
  execFileSync('mkfifo', [project.path('.healmap/logs/w.log')]);
  const map = await loadMap(project.path('ARCHITECTURE_MAP.md'));
  const worker = map.model.workers.find((w) => w.name === 'w') as WorkerSpec;
  const started = start(map.model, worker).catch((error: unknown) => error);
  // healmap made the run folder (after its check) and now waits for the FIFO's reader.
  await waitFor(() => existsSync(project.path('.healmap/run')), 10_000, 'the run folder');
  renameSync(project.path('.healmap/run'), project.path('.healmap/run-moved'));
  symlinkSync(outside, project.path('.healmap/run'));
  // Kept open until the project is removed, so the worker never writes into a FIFO without a reader.
  reader = openSync(project.path('.healmap/logs/w.log'), constants.O_RDONLY | constants.O_NONBLOCK);
  return started;
}

describe('the launcher writes its pidfile only into the run folder healmap checked', () => {
  it('[attack] a run folder swapped for a link outside after the check gets no pidfile outside; the pid lands in the folder that was checked', async () => {
    const token = uniqueToken();
    const outcome = await startAcrossSwap(`node ${WORKERS}/forever.mjs w ${token}`, startWorker);
    expect(readdirSync(outside)).toEqual([]);
    // The start itself is refused: healmap's own record of it would have to go outside.
    expect(String(outcome)).toContain('.healmap/run is a symbolic link');
    const launched = Number.parseInt(readFileSync(project.path('.healmap/run-moved/w.pid'), 'utf8'), 10);
    // That pid is the worker (the shell exec'd it; its command line reads empty while the exec runs).
    await waitFor(() => readFileSync(`/proc/${launched}/cmdline`, 'utf8').split('\0').includes(token), 10_000, 'the worker under the recorded pid');
  });

  it('[attack] the same holds for a job\'s pidfile and its run record', async () => {
    await startAcrossSwap('sleep 1', (model, worker) => runJob(model, worker, { waitForExit: true }));
    // The shell writes the run's record again when the command ends: there, too.
    const record = project.path('.healmap/run-moved/w.run.json');
    await waitFor(() => existsSync(record) && readFileSync(record, 'utf8').includes('"exitCode":0'), 15_000, 'the run record with its exit code');
    expect(readdirSync(project.path('.healmap/run-moved')).sort()).toEqual(['w.pid', 'w.run.json']);
    expect(readdirSync(outside)).toEqual([]);
  });
});
