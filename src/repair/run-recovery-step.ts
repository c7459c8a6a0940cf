/**
 * Runs a declared recovery step: the map's command through `/bin/sh -c` in the map's folder (or
 * the worker's cwd), in its own process group so a timeout kills everything it started, with
 * the incident in `HEALMAP_*` variables. Its exit code is reported, but it is not the verdict:
 * the executor judges a step by the component becoming healthy.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { MapModel, RecoveryStep, WorkerSpec } from '../map/types.js';

/** What the step is told about the incident. */
export interface StepContext {
  problem: string;
  attempts: number;
  pid: number | null;
}

/** How the command ended, with the last lines of its output. */
export interface StepRun {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** The last lines of stdout and stderr together (at most 5). */
  tail: string[];
}

/** Runs the step's command and waits for it (or its timeout). */
export function runRecoveryStep(model: MapModel, worker: WorkerSpec, step: RecoveryStep, context: StepContext): Promise<StepRun> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', step.command], {
      cwd: join(model.rootDir, worker.cwd),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: {
        ...process.env,
        HEALMAP_COMPONENT: worker.id,
        HEALMAP_WORKER: worker.name,
        HEALMAP_PROBLEM: context.problem,
        HEALMAP_ATTEMPTS: String(context.attempts),
        HEALMAP_PID: context.pid === null ? '' : String(context.pid),
        HEALMAP_PORT: worker.port === null ? '' : String(worker.port),
        HEALMAP_MAP_DIR: model.rootDir,
      },
    });
    let output = '';
    const collect = (chunk: Buffer): void => { output = (output + chunk.toString()).slice(-4000); };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, step.timeoutMs);
    const tail = (): string[] => output.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '').slice(-5);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: null, signal: null, timedOut: false, tail: [`could not run: ${error.message}`] });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code, signal, timedOut, tail: tail() });
    });
  });
}
