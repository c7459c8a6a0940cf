/**
 * Asks a worker whether it is healthy, the way its map says: an HTTP GET (2xx/3xx), a TCP
 * connect to its port, or a command that must exit 0 within the timeout (`redis-cli ping`).
 */
import { join } from 'node:path';
import { loadChildProcess, loadNet } from './load-builtin.js';
import type { HealthCheckSpec, MapModel, WorkerSpec } from '../map/types.js';
import { readWorkerEnvironment, type WorkerEnvironment } from './worker-environment.js';

/** One run of a health check. */
export interface HealthResult {
  ok: boolean;
  detail: string;
}

/** Where and how a worker's command check runs. */
export interface HealthContext {
  port: number | null;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The worker's account: a command check runs as the worker does, never with more rights. */
  runAs?: { uid: number; gid: number } | null;
}

/** Runs a health check once, never longer than its timeout; a failure is a result, not a throw. */
export async function runHealthCheck(check: HealthCheckSpec, context: HealthContext): Promise<HealthResult> {
  switch (check.kind) {
    case 'http': return checkHttp(check.target, check.timeoutMs);
    case 'tcp': return context.port === null ? { ok: false, detail: 'a tcp check needs the worker\'s port' } : checkTcp(context.port, check.timeoutMs);
    case 'command': return checkCommand(check.target, check.timeoutMs, context);
  }
}

/**
 * Runs a worker's own check with the worker's environment and account, as the one-shot probe and
 * the daemon's timers both do; an unreadable env file or unknown user fails the check. A caller
 * that already read the environment (the daemon, once per map load) passes it.
 */
export async function checkWorkerHealth(model: MapModel, worker: WorkerSpec, environment?: WorkerEnvironment): Promise<HealthResult> {
  if (!worker.health) return { ok: false, detail: 'the worker declares no health check' };
  const as = environment ?? (await readWorkerEnvironment(model, worker));
  if (!as.ok) return { ok: false, detail: as.detail };
  return runHealthCheck(worker.health, { port: worker.port, cwd: join(model.rootDir, worker.cwd), env: as.env, runAs: as.runAs });
}

async function checkHttp(url: string, timeoutMs: number): Promise<HealthResult> {
  try {
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 400;
    return { ok, detail: `GET ${url} answered ${response.status}` };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.message);
    return { ok: false, detail: `GET ${url}: ${why}` };
  }
}

function checkTcp(port: number, timeoutMs: number): Promise<HealthResult> {
  return new Promise((resolve) => {
    const socket = loadNet().connect({ host: '127.0.0.1', port });
    const done = (ok: boolean, detail: string): void => {
      socket.destroy();
      resolve({ ok, detail });
    };
    socket.setTimeout(timeoutMs, () => done(false, `port ${port}: no connection within ${timeoutMs} ms`));
    socket.once('connect', () => done(true, `port ${port} accepts connections`));
    socket.once('error', (error: NodeJS.ErrnoException) => done(false, `port ${port}: ${error.code ?? error.message}`));
  });
}

// The command runs in its own process group, so a timeout kills it and anything it started.
function checkCommand(command: string, timeoutMs: number, context: HealthContext): Promise<HealthResult> {
  return new Promise((resolve) => {
    const account = context.runAs ? { uid: context.runAs.uid, gid: context.runAs.gid } : {};
    const child = loadChildProcess().spawn('/bin/sh', ['-c', command], { cwd: context.cwd, env: context.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...account });
    let output = '';
    const keep = (chunk: Buffer): void => {
      if (output.length < 512) output += chunk.toString('utf8');
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let settled = false;
    const finish = (result: HealthResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
      finish({ ok: false, detail: `\`${command}\` did not answer within ${timeoutMs} ms` });
    }, timeoutMs);
    child.once('error', (error) => finish({ ok: false, detail: `\`${command}\`: ${error.message}` }));
    child.once('close', (code, signal) => {
      const said = output.trim().split('\n')[0]?.slice(0, 120) ?? '';
      finish({ ok: code === 0, detail: `\`${command}\` ${code === 0 ? 'exited 0' : `failed (${signal ?? `exit ${code}`})`}${said ? `: ${said}` : ''}` });
    });
  });
}

/** A worker's health over time: consecutive results folded with the check's thresholds. */
export interface HealthVerdict {
  healthy: boolean;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  detail: string;
  checkedAt: number;
  /** The process the results are about: a new process starts a fresh verdict. */
  pid: number;
  startTicks: number | null;
}

/**
 * Folds one result into a worker's verdict (Kubernetes semantics): healthy until `failure
 * threshold` consecutive failures, healthy again after `success threshold` consecutive successes;
 * failures inside the start period (counted from the process's start) do not count.
 */
export function foldHealth(previous: HealthVerdict | null, result: HealthResult, check: HealthCheckSpec, process: { pid: number; startTicks: number | null; uptimeMs: number | null }, now: number): HealthVerdict {
  const same = previous && previous.pid === process.pid && previous.startTicks === process.startTicks ? previous : null;
  const inStartPeriod = process.uptimeMs !== null && process.uptimeMs < check.startPeriodMs;
  const failures = result.ok || inStartPeriod ? 0 : (same?.consecutiveFailures ?? 0) + 1;
  const successes = result.ok ? (same?.consecutiveSuccesses ?? 0) + 1 : 0;
  let healthy = same?.healthy ?? true;
  if (failures >= check.failureThreshold) healthy = false;
  else if (!healthy && successes >= check.successThreshold) healthy = true;
  return { healthy, consecutiveFailures: failures, consecutiveSuccesses: successes, detail: result.detail, checkedAt: now, pid: process.pid, startTicks: process.startTicks };
}
