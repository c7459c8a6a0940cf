import { spawn } from 'node:child_process';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { MapModel, WorkerSpec } from '../map/types.js';
import { mapPaths } from '../fs/state-paths.js';
import { commandMatches } from '../probe/match-command.js';
import { probePort } from '../probe/probe-port.js';
import { isDeadState, readCmdline, readProcStat } from '../probe/proc-stat.js';
import { readPidfile } from '../probe/read-pidfile.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { rotateLog } from './rotate-log.js';

/** How a start went: the new pid and whether it passed its start verification. */
export interface StartOutcome {
  ok: boolean;
  pid: number | null;
  detail: string;
}

// Control operators need the shell to stay; a simple command is exec'd so the pid is the worker's.
const SHELL_CONTROL = /[;&|()\n`]/;

/**
 * The `sh -c` script that starts a worker. The shell records its pid before the command runs
 * (exec keeps that pid), so a healmap killed right after the spawn never leaves a running worker
 * it cannot tie to the map. It writes a temporary file and renames it, so no reader ever sees an
 * empty pidfile.
 */
export function launchScript(pidfile: string, command: string): string {
  const quoted = `'${pidfile.replaceAll("'", "'\\''")}'`;
  return `echo $$ > ${quoted}.$$ && mv -f ${quoted}.$$ ${quoted}; ${command}`;
}

/**
 * Starts a worker in its own session (it outlives healmap), cwd the map's folder unless declared,
 * stdout/stderr appended to `.healmap/logs/<worker>.log`, pid recorded in `.healmap/run/`.
 * Verified: still alive and not a zombie after `start within`, and listening if it has a port.
 */
export async function startWorker(model: MapModel, worker: WorkerSpec, onExit?: (pid: number, code: number | null, signal: NodeJS.Signals | null) => void): Promise<StartOutcome> {
  const paths = mapPaths(model);
  await mkdir(paths.state.run, { recursive: true });
  await mkdir(paths.state.logs, { recursive: true });
  const logPath = paths.log(worker.name);
  await rotateLog(logPath, model.settings.logMaxBytes);
  const log = await open(logPath, 'a');
  await log.write(`--- ${new Date().toISOString()} healmap starts: ${worker.command}\n`);
  const pidfile = paths.pidfile(worker.name);
  const command = SHELL_CONTROL.test(worker.command) ? worker.command : `exec ${worker.command}`;
  const child = spawn('/bin/sh', ['-c', launchScript(pidfile, command)], {
    cwd: join(model.rootDir, worker.cwd),
    detached: true,
    stdio: ['ignore', log.fd, log.fd],
    env: { ...process.env, HEALMAP_WORKER: worker.name },
  });
  await log.close();
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  let spawnError: Error | null = null;
  child.once('error', (error) => { spawnError = error; });
  child.once('exit', (code, signal) => {
    exited = { code, signal };
    if (child.pid !== undefined) onExit?.(child.pid, code, signal);
  });
  child.unref();
  const pid = child.pid;
  if (pid === undefined) return { ok: false, pid: null, detail: `could not spawn: ${String(spawnError ?? 'unknown error')}` };
  // Wait for the shell's own record before replacing it, so the richer record is the last write.
  const recordDeadline = Date.now() + worker.startWithinMs;
  while (Date.now() < recordDeadline && !exited && (await readPidfile(pidfile).catch(() => null))?.pid !== pid) await new Promise((r) => setTimeout(r, 5));
  const stat = await readProcStat(pid);
  await writeFileAtomic(pidfile, `${JSON.stringify({ pid, startTicks: stat?.startTicks ?? null, command: worker.command, startedAt: new Date().toISOString() })}\n`);
  const deadline = Date.now() + worker.startWithinMs;
  while (Date.now() < deadline && !exited) await new Promise((r) => setTimeout(r, 25));
  const gone = exited as { code: number | null; signal: NodeJS.Signals | null } | null;
  if (gone) return { ok: false, pid, detail: `exited during start (${gone.signal ?? `code ${gone.code}`}); see ${logPath}` };
  if (isDeadState(await readProcStat(pid))) return { ok: false, pid, detail: `died during start; see ${logPath}` };
  const args = await readCmdline(pid);
  if (!args || !commandMatches(args, worker.command) && !commandMatches(args, command)) {
    return { ok: false, pid, detail: `pid ${pid} does not run the worker's command` };
  }
  if (worker.port !== null) {
    const portDeadline = Date.now() + Math.max(worker.startWithinMs, 2000);
    for (;;) {
      const port = await probePort(worker.port, 500, pid, () => undefined);
      if (port.open) break;
      if (Date.now() > portDeadline) return { ok: false, pid, detail: `alive but not listening on port ${worker.port}` };
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { ok: true, pid, detail: `pid ${pid} up ${worker.startWithinMs} ms${worker.port !== null ? `, listening on ${worker.port}` : ''}` };
}
