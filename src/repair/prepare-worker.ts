/**
 * What a worker needs before it starts: its environment (env file, then `env`), the account it
 * runs as, and the parent folders of its declared pidfile, lock, log and outputs.
 */
import { chownSync, readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { MapModel, WorkerSpec } from '../map/types.js';
import { mapPaths } from '../fs/state-paths.js';

/** An account to run a worker as, from /etc/passwd. */
export interface RunAs {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** A worker ready to launch, or why it cannot be. */
export type PreparedWorker = { ok: true; env: NodeJS.ProcessEnv; runAs: RunAs | null } | { ok: false; detail: string };

/** Reads the env file, resolves the user and creates the folders a worker writes into. */
export async function prepareWorker(model: MapModel, worker: WorkerSpec): Promise<PreparedWorker> {
  const paths = mapPaths(model);
  let fromFile: Record<string, string> = {};
  if (worker.envFile) {
    try {
      // dotenv is loaded only for a worker that has an env file.
      fromFile = (await import('dotenv')).parse(await readFile(paths.absolute(worker.envFile), 'utf8'));
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
  const owned = [worker.pidfile, worker.lock, ...worker.produces.map((id) => id.slice('file:'.length))].filter((p): p is string => p !== null);
  for (const path of owned) await makeParents(paths.absolute(path), runAs);
  const env: NodeJS.ProcessEnv = { ...process.env, ...fromFile, ...worker.env, HEALMAP_WORKER: worker.name };
  if (runAs) Object.assign(env, { USER: runAs.name, LOGNAME: runAs.name, HOME: runAs.home });
  return { ok: true, env, runAs };
}

// Creates the parents of a path inside the map's folder; folders it creates belong to the user.
async function makeParents(path: string, runAs: RunAs | null): Promise<void> {
  const folder = dirname(path);
  const first = await mkdir(folder, { recursive: true });
  if (!first || !runAs) return;
  const created = relative(dirname(first), folder).split(sep);
  for (let i = 1; i <= created.length; i++) chownSync(join(dirname(first), ...created.slice(0, i)), runAs.uid, runAs.gid);
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
