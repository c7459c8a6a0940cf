import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { confinePath } from '../fs/confine-path.js';
import { basename, join } from 'node:path';
import type { MapModel, WorkerSpec } from '../map/types.js';
import { mapPaths } from '../fs/state-paths.js';
import { detectCgroupRoot, workerCgroupPath } from '../probe/cgroup-root.js';
import { readCgroupPids } from '../probe/probe-cgroup.js';
import { runHealthCheck } from '../probe/probe-health.js';
import { probeWorker, readProcessTable } from '../probe/probe-processes.js';
import { lookUpRecord, processStartedAtMs, readBootTimeMs } from '../probe/process-identity.js';
import { readProcStat, readProcStatSync } from '../probe/proc-stat.js';
import { readPidfile } from '../probe/read-pidfile.js';
import { openForAppend } from '../fs/open-for-append.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { prepareWorker, type PreparedWorker } from './prepare-worker.js';
import { pinFolder, type PinnedFolder } from '../fs/pin-folder.js';
import type { RunAs } from '../probe/worker-environment.js';
import { rotateLog } from './rotate-log.js';
import { awaitPortHolder } from './verify-port.js';
import { createWorkerCgroup, pruneStaleCgroups } from './worker-cgroup.js';

/** How a start went: the new pid and whether it passed its start verification. */
export interface StartOutcome {
  ok: boolean;
  pid: number | null;
  detail: string;
}

// Control operators need the shell to stay; a simple command is exec'd so the pid is the worker's.
const SHELL_CONTROL = /[;&|()\n`]/;
// Leading `NAME=value` assignments stay before `exec` (`exec VAR=1 cmd` would look for a program `VAR=1`).
const ASSIGNMENTS = /^((?:[A-Za-z_][A-Za-z0-9_]*=(?:'[^']*'|"(?:[^"\\]|\\.)*"|[^\s'"])*\s+)*)([\s\S]*)$/;

function quote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** The descriptor on which a launcher finds its run folder, opened and checked by healmap (see pinFolder). */
export const RUN_FOLDER_FD = 3;

/** `name` inside the run folder handed to the launcher, as the launcher (or its `mv`) reaches it. */
export function inRunFolder(name: string): string {
  return `/proc/self/fd/${RUN_FOLDER_FD}/${name}`;
}

/**
 * The `sh -c` script that starts a worker. The shell first moves itself into the worker's cgroup
 * (so every process it becomes or forks stays in it), then records its pid before the command
 * runs (exec keeps that pid), so a healmap killed right after the spawn never leaves a running
 * worker it cannot tie to the map. It writes a temporary file and renames it, so no reader ever
 * sees an empty pidfile. healmap gives it the pidfile as {@link inRunFolder}: written through the
 * folder checked once, never by a path a swapped link could lead elsewhere; that descriptor is
 * closed before the command runs.
 */
export function launchScript(pidfile: string, command: string, cgroup: string | null = null): string {
  const enter = cgroup ? `echo $$ > ${quote(join(cgroup, 'cgroup.procs'))} || exit 97; ` : '';
  return `${enter}echo $$ > ${quote(pidfile)}.$$ && mv -f ${quote(pidfile)}.$$ ${quote(pidfile)}; exec ${RUN_FOLDER_FD}<&-; ${command}`;
}

/** The command as the launcher runs it: exec'd when simple, through `setpriv` when run as a user. */
export function execForm(command: string, runAs: RunAs | null): string {
  const setpriv = runAs ? `setpriv --reuid=${runAs.uid} --regid=${runAs.gid} --init-groups -- ` : '';
  if (SHELL_CONTROL.test(command)) return runAs ? `exec ${setpriv}/bin/sh -c ${quote(command)}` : command;
  const [, assignments = '', rest = command] = ASSIGNMENTS.exec(command.trim()) ?? [];
  return `${assignments}exec ${setpriv}${rest}`;
}

/**
 * Starts a worker in its own session and its own cgroup when the host allows (it outlives
 * healmap), cwd the map's folder unless declared, stdout/stderr appended to
 * `.healmap/logs/<worker>.log`, pid and start time recorded in `.healmap/run/`. Verified: the
 * same process still alive after `start within` (or, for a program that daemonizes and declares
 * a pidfile, the pid in that pidfile, inside the worker's tree), its port (if it has one) listened
 * on by that tree — a foreign holder fails it as `port-held-by-other`, a holder healmap cannot read
 * leaves it to the health check — and passing its health check if it has one.
 */
export async function startWorker(model: MapModel, worker: WorkerSpec, onExit?: (pid: number, code: number | null, signal: NodeJS.Signals | null) => void): Promise<StartOutcome> {
  const paths = mapPaths(model);
  const cwd = join(model.rootDir, worker.cwd);
  const already = await probeWorker(model, worker, readProcessTable, null);
  if (already.identifiedBy === 'command-line') {
    return { ok: false, pid: already.pid, detail: `pid ${already.pid} already runs this command in ${cwd} (found by its command line, not started by healmap); not starting a duplicate` };
  }
  const prepared = await prepareWorker(model, worker);
  if (!prepared.ok) return { ok: false, pid: null, detail: prepared.detail };
  const logPath = confinePath(model.rootDir, paths.log(worker.name));
  // The run folder is opened and checked once; the launcher writes its pidfile through it.
  const run = await pinFolder(paths.state.run, { within: model.rootDir, create: true });
  try {
    return await launchWorker(model, worker, prepared, logPath, run, onExit);
  } finally {
    await run.close();
  }
}

// The launch and its verification, with the run folder pinned (the launcher's pidfile goes through it).
async function launchWorker(model: MapModel, worker: WorkerSpec, prepared: PreparedWorker & { ok: true }, logPath: string, run: PinnedFolder, onExit?: (pid: number, code: number | null, signal: NodeJS.Signals | null) => void): Promise<StartOutcome> {
  const paths = mapPaths(model);
  const cwd = join(model.rootDir, worker.cwd);
  await mkdir(paths.state.logs, { recursive: true });
  await rotateLog(logPath, model.settings.logMaxBytes, model.rootDir);
  const root = detectCgroupRoot();
  let cgroup: string | null = root.path ? workerCgroupPath(root.path, model.rootDir, worker.name) : null;
  if (root.path && cgroup) {
    try {
      pruneStaleCgroups(root.path);
      createWorkerCgroup(root.path, cgroup);
    } catch {
      cgroup = null;
    }
  }
  // Appended to, never through a link planted at its name nor in a folder swapped meanwhile.
  const log = await openForAppend(logPath, model.rootDir);
  await log.write(`--- ${new Date().toISOString()} healmap starts: ${worker.command}\n`);
  const pidfile = paths.pidfile(worker.name);
  const launchedAt = Date.now();
  const child = spawn('/bin/sh', ['-c', launchScript(inRunFolder(basename(pidfile)), execForm(worker.command, prepared.runAs), cgroup)], {
    cwd, detached: true, stdio: ['ignore', log.fd, log.fd, run.fd], env: prepared.env,
  });
  await log.close();
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  let spawnError: Error | null = null;
  child.once('error', (error) => { spawnError = error; });
  child.once('exit', (code, signal) => {
    exited = { code, signal };
    // A daemonizing program's launcher exits 0 on purpose: that is no incident.
    if (child.pid !== undefined && !(code === 0 && worker.pidfile)) onExit?.(child.pid, code, signal);
  });
  child.unref();
  const launcher = child.pid;
  if (launcher === undefined) return { ok: false, pid: null, detail: `could not spawn: ${String(spawnError ?? 'unknown error')}` };
  // Wait for the shell's own record before replacing it, so the richer record is the last write.
  const recordDeadline = launchedAt + worker.startWithinMs;
  while (Date.now() < recordDeadline && !exited && (await readPidfile(run.entry(basename(pidfile))).catch(() => null))?.pid !== launcher) await sleep(5);
  const record = async (pid: number, startTicks: number | null, groups: number[]): Promise<void> => {
    await writeFileAtomic(pidfile, `${JSON.stringify({ pid, startTicks, command: worker.command, startedAt: new Date(launchedAt).toISOString(), cgroup, groups })}\n`, { within: model.rootDir });
  };
  const launcherTicks = (await readProcStat(launcher))?.startTicks ?? null;
  await record(launcher, launcherTicks, [launcher]);
  // The start window counts from the moment the launcher ran (its record), as before a cgroup existed.
  const windowEnd = Date.now() + worker.startWithinMs;
  while (Date.now() < windowEnd && !exited) await sleep(25);
  let pid = launcher;
  let ticks = launcherTicks;
  let groups = [launcher];
  const gone = exited as { code: number | null; signal: NodeJS.Signals | null } | null;
  if (gone && gone.code === 97 && cgroup) return { ok: false, pid, detail: `could not enter its cgroup ${cgroup}; see ${logPath}` };
  if (gone && !(gone.code === 0 && worker.pidfile)) return { ok: false, pid, detail: `exited during start (${gone.signal ?? `code ${gone.code}`}); see ${logPath}` };
  if (gone) {
    // It daemonized: the pid in its declared pidfile, started after the launch and inside its tree.
    const daemon = await awaitDaemon(model, worker, cgroup, launchedAt, Math.max(worker.startWithinMs, 5000));
    if (!daemon.ok) return { ok: false, pid: null, detail: `${daemon.detail}; see ${logPath}` };
    pid = daemon.pid;
    ticks = daemon.startTicks;
    groups = [launcher, daemon.pgid];
    await record(pid, ticks, groups);
    // It must still be up one start window after it appeared.
    const settleEnd = Date.now() + Math.min(worker.startWithinMs, 1000);
    while (Date.now() < settleEnd) await sleep(25);
  }
  const now = lookUpRecord({ pid, startTicks: ticks });
  if (now.state !== 'alive') return { ok: false, pid, detail: `${now.state === 'zombie' ? 'became a zombie' : 'died'} during start; see ${logPath}` };
  // The port counts only when the worker's own tree listens on it; a holder healmap cannot read
  // leaves the health check as the only proof, and without one the start is unverified.
  let unreadHolder: string | null = null;
  if (worker.port !== null) {
    const verdict = await awaitPortHolder(worker.port, { pid, cgroup, roots: [launcher, pid], groups }, Date.now() + Math.max(worker.startWithinMs, 2000));
    if (verdict.kind === 'foreign' || verdict.kind === 'closed') return { ok: false, pid, detail: verdict.detail };
    if (verdict.kind === 'unknown') {
      if (!worker.health) return { ok: false, pid, detail: `unverified: ${verdict.detail}; with no health check declared, the start cannot be verified` };
      unreadHolder = verdict.detail;
    }
  }
  if (worker.health) {
    const check = worker.health;
    // Compose's service_healthy: dependents start only once this passes (its start period allowing).
    const healthDeadline = Date.now() + Math.max(worker.startWithinMs, check.startPeriodMs) + check.timeoutMs + 2000;
    for (;;) {
      const result = await runHealthCheck(check, { port: worker.port, cwd, env: prepared.env, runAs: prepared.runAs });
      if (result.ok) break;
      if (Date.now() > healthDeadline) return { ok: false, pid, detail: `alive but its health check fails: ${result.detail}${unreadHolder ? ` (and ${unreadHolder})` : ''}` };
      await sleep(Math.min(check.periodMs, 250));
    }
  }
  const listening = unreadHolder ? `${unreadHolder}; verified by its health check` : `listening on ${worker.port}`;
  const extras = [worker.port !== null ? listening : '', worker.health ? 'healthy' : '', cgroup ? 'own cgroup' : ''].filter((e) => e !== '');
  return { ok: true, pid, detail: `pid ${pid} up ${Date.now() - launchedAt} ms${pid !== launcher ? ' (daemonized)' : ''}${extras.length > 0 ? `, ${extras.join(', ')}` : ''}` };
}

// Polls a daemonizing worker's declared pidfile for a live pid that started after the launch
// (and, with a cgroup, belongs to it).
async function awaitDaemon(model: MapModel, worker: WorkerSpec, cgroup: string | null, launchedAt: number, waitMs: number): Promise<{ ok: true; pid: number; startTicks: number; pgid: number } | { ok: false; detail: string }> {
  const path = mapPaths(model).absolute(worker.pidfile as string);
  const deadline = Date.now() + waitMs;
  let why = `exited 0 but its pidfile ${worker.pidfile} names no live process`;
  for (;;) {
    const record = await readPidfile(path).catch(() => null);
    const stat = record ? readProcStatSync(record.pid) : null;
    if (record && stat && stat.state !== 'Z' && stat.state !== 'X') {
      const inTree = cgroup ? (readCgroupPids(cgroup) ?? []).includes(record.pid) : processStartedAtMs(stat, readBootTimeMs()) >= launchedAt - 1000;
      if (inTree) return { ok: true, pid: record.pid, startTicks: stat.startTicks, pgid: stat.pgid };
      why = `its pidfile ${worker.pidfile} names pid ${record.pid}, which is not part of the worker's tree (an old or foreign process)`;
    }
    if (Date.now() > deadline) return { ok: false, detail: why };
    await sleep(50);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
