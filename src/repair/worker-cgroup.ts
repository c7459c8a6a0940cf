/**
 * The cgroup v2 folder of a worker healmap starts: created before the start, killed as a whole
 * (`cgroup.kill`) when its processes outlive the stop grace, removed once empty.
 */
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Creates a worker's cgroup (and its parents), asking best-effort for the memory and cpu
 * controllers on the way down so `memory.current` exists where the host allows it.
 */
export function createWorkerCgroup(root: string, path: string): void {
  mkdirSync(path, { recursive: true });
  // Controllers are enabled top-down from the delegated base; a hybrid host has none to give.
  for (let folder = dirname(root); folder.length > 1 && path.startsWith(folder) && folder !== path; folder = nextDown(folder, path)) {
    enableControllers(folder);
  }
}

function nextDown(folder: string, path: string): string {
  const rest = path.slice(folder.length + 1).split('/');
  return join(folder, rest[0] as string);
}

function enableControllers(folder: string): void {
  try {
    const available = readFileSync(join(folder, 'cgroup.controllers'), 'utf8').split(/\s+/);
    const wanted = ['memory', 'cpu'].filter((c) => available.includes(c)).map((c) => `+${c}`);
    if (wanted.length > 0) writeFileSync(join(folder, 'cgroup.subtree_control'), wanted.join(' '));
  } catch {
    // Not allowed here (processes in the folder, no delegation): memory falls back to RSS sums.
  }
}

/** Kills every process of a cgroup at once (SIGKILL, kernel 5.14+); false when unsupported. */
export function killCgroup(path: string): boolean {
  try {
    writeFileSync(join(path, 'cgroup.kill'), '1');
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EINVAL') return false;
    throw error;
  }
}

/**
 * Removes a worker's emptied cgroup and its map folder when that is empty too. A process that
 * just exited may hold the group busy until it is reaped, so a busy group is retried briefly.
 */
export async function removeWorkerCgroup(path: string, waitMs = 2000): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      rmdirSync(path);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') break;
      if ((code !== 'EBUSY' && code !== 'ENOTEMPTY') || Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  try {
    rmdirSync(dirname(path));
  } catch {
    // other workers of the map still have their groups
  }
  return true;
}
