/**
 * The environment and account a worker runs with, read without changing anything: its env file
 * (dotenv), then its `env` entries, and the `user` it runs as. Starting the worker and running its
 * health command both use this, so a check sees what the worker sees.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { mapPaths } from '../fs/state-paths.js';
import type { MapModel, WorkerSpec } from '../map/types.js';

/** An account to run a worker as, from /etc/passwd. */
export interface RunAs {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** A worker's environment and account, or why they cannot be had. */
export type WorkerEnvironment = { ok: true; env: NodeJS.ProcessEnv; runAs: RunAs | null } | { ok: false; detail: string };

/** Reads the worker's env file and resolves its user; the result is what its processes get. */
export async function readWorkerEnvironment(model: MapModel, worker: WorkerSpec): Promise<WorkerEnvironment> {
  let fromFile: Record<string, string> = {};
  if (worker.envFile) {
    try {
      // dotenv is loaded only for a worker that has an env file.
      fromFile = (await import('dotenv')).parse(await readFile(mapPaths(model).absolute(worker.envFile), 'utf8'));
    } catch (error) {
      return { ok: false, detail: `cannot read env file ${worker.envFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
    }
  }
  let runAs: RunAs | null = null;
  if (worker.user) {
    runAs = lookUpUser(worker.user);
    if (!runAs) return { ok: false, detail: `unknown user \`${worker.user}\` (not in /etc/passwd)` };
    if (process.getuid?.() !== 0 && process.getuid?.() !== runAs.uid) {
      return { ok: false, detail: `runs as \`${worker.user}\`, which needs healmap to run as root (it runs as uid ${process.getuid?.()})` };
    }
  }
  const env: NodeJS.ProcessEnv = { ...process.env, ...fromFile, ...worker.env, HEALMAP_WORKER: worker.name };
  if (runAs) Object.assign(env, { USER: runAs.name, LOGNAME: runAs.name, HOME: runAs.home });
  return { ok: true, env, runAs };
}

/** An account from /etc/passwd by name (or numeric uid); null when unknown. */
export function lookUpUser(name: string): RunAs | null {
  let text: string;
  try {
    text = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const [user, , uid, gid, , home] = line.split(':');
    if (user === name || uid === name) return { name: user as string, uid: Number(uid), gid: Number(gid), home: home ?? '/' };
  }
  return null;
}
