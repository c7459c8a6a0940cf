import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { MapModel, WorkerSpec } from '../map/types.js';
import { mapPaths } from '../fs/state-paths.js';
import { jobRecordPath } from '../probe/probe-job.js';
import { readProcStat } from '../probe/proc-stat.js';
import { readPidfile } from '../probe/read-pidfile.js';
import { openForAppend } from '../fs/open-for-append.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { rotateLog } from './rotate-log.js';
import { prepareWorker, type PreparedWorker } from './prepare-worker.js';
import { execForm, inRunFolder, RUN_FOLDER_FD, type StartOutcome } from './start-worker.js';
import { pinFolder, type PinnedFolder } from '../fs/pin-folder.js';

/** How long a run that gates its dependents is waited for before it counts as failed. */
export const JOB_GATE_WAIT_MS = 30 * 60_000;

const quote = (path: string): string => `'${path.replaceAll("'", "'\\''")}'`;

/**
 * The `sh -c` script that runs a job and records it: the shell writes its pid, then the run's
 * start time, runs the command in a subshell, and writes the end time and exit code, each file
 * by rename. The record is the shell's own, so a run that ends while no healmap runs is known.
 * healmap gives both paths as {@link inRunFolder} (through the run folder it checked); the
 * command's subshell closes that descriptor first.
 */
export function jobLaunchScript(pidfile: string, record: string, command: string): string {
  const p = quote(pidfile);
  const r = quote(record);
  return [
    `echo $$ > ${p}.$$ && mv -f ${p}.$$ ${p}`,
    `s=$(date +%s%3N); printf '{"startedAt":%s}\\n' "$s" > ${r}.$$ && mv -f ${r}.$$ ${r}`,
    `(\nexec ${RUN_FOLDER_FD}<&-\n${command}\n)`,
    `c=$?; printf '{"startedAt":%s,"finishedAt":%s,"exitCode":%s}\\n' "$s" "$(date +%s%3N)" "$c" > ${r}.$$ && mv -f ${r}.$$ ${r}`,
    'exit $c',
  ].join('; ');
}

/** Options of {@link runJob}. */
export interface RunJobOptions {
  /** Wait for the run to end (its dependents wait on it); otherwise only its start is verified. */
  waitForExit?: boolean;
  onExit?: (pid: number, code: number | null, signal: NodeJS.Signals | null) => void;
}

/**
 * Runs a job (or starts an `on failure` daemon) in its own session, output appended to
 * `.healmap/logs/<worker>.log`. Exit 0 is success, any other code a failed run. Unless waiting for
 * the end, a run still going after `start within` counts as started; its exit is recorded by the
 * shell and reported through `onExit`.
 */
export async function runJob(model: MapModel, worker: WorkerSpec, options: RunJobOptions = {}): Promise<StartOutcome> {
  const paths = mapPaths(model);
  // The same environment (env file, env entries) and account as a daemon's start.
  const prepared = await prepareWorker(model, worker);
  if (!prepared.ok) return { ok: false, pid: null, detail: prepared.detail };
  // The run folder is opened and checked once; the shell writes its pid and record through it.
  const run = await pinFolder(paths.state.run, { within: model.rootDir, create: true });
  try {
    return await launchJob(model, worker, prepared, run, options);
  } finally {
    await run.close();
  }
}

// The run and its verification, with the run folder pinned.
async function launchJob(model: MapModel, worker: WorkerSpec, prepared: PreparedWorker & { ok: true }, run: PinnedFolder, options: RunJobOptions): Promise<StartOutcome> {
  const paths = mapPaths(model);
  await mkdir(paths.state.logs, { recursive: true });
  const logPath = paths.log(worker.name);
  await rotateLog(logPath, model.settings.logMaxBytes, model.rootDir);
  const log = await openForAppend(logPath, model.rootDir);
  await log.write(`--- ${new Date().toISOString()} healmap runs: ${worker.command}\n`);
  const pidfile = paths.pidfile(worker.name);
  const child = spawn('/bin/sh', ['-c', jobLaunchScript(inRunFolder(basename(pidfile)), inRunFolder(basename(jobRecordPath(paths.state, worker.name))), execForm(worker.command, prepared.runAs))], {
    cwd: join(model.rootDir, worker.cwd),
    detached: true,
    stdio: ['ignore', log.fd, log.fd, run.fd],
    env: prepared.env,
  });
  await log.close();
  const started = Date.now();
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  let spawnError: Error | null = null;
  child.once('error', (error) => { spawnError = error; });
  child.once('exit', (code, signal) => {
    exited = { code, signal };
    if (child.pid !== undefined) options.onExit?.(child.pid, code, signal);
  });
  child.unref();
  const pid = child.pid;
  if (pid === undefined) return { ok: false, pid: null, detail: `could not spawn: ${String(spawnError ?? 'unknown error')}` };
  const recordDeadline = Date.now() + worker.startWithinMs;
  while (Date.now() < recordDeadline && !exited && (await readPidfile(run.entry(basename(pidfile))).catch(() => null))?.pid !== pid) await new Promise((r) => setTimeout(r, 5));
  const stat = await readProcStat(pid);
  if (!exited) await writeFileAtomic(pidfile, `${JSON.stringify({ pid, startTicks: stat?.startTicks ?? null, command: worker.command, startedAt: new Date().toISOString() })}\n`, { within: model.rootDir });
  const deadline = started + (options.waitForExit ? JOB_GATE_WAIT_MS : worker.startWithinMs);
  while (Date.now() < deadline && !exited) await new Promise((r) => setTimeout(r, 25));
  const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const gone = exited as { code: number | null; signal: NodeJS.Signals | null } | null;
  if (gone) {
    if (gone.code === 0) return { ok: true, pid, detail: `pid ${pid} ran to completion (exit 0) in ${took}` };
    return { ok: false, pid, detail: `run failed (${gone.signal ?? `exit ${gone.code}`}) after ${took}; see ${logPath}` };
  }
  if (options.waitForExit) return { ok: false, pid, detail: `still running after ${took}; its dependents were not started` };
  return { ok: true, pid, detail: `pid ${pid} running after ${took}; its exit is recorded` };
}
