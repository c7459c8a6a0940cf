/**
 * The cgroup v2 folder of a worker healmap starts: created before the start, killed as a whole
 * (`cgroup.kill`) when its processes outlive the stop grace, removed once empty.
 */
import { mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Creates a worker's cgroup (and its parents), asking best-effort for the memory and cpu
 * controllers on the way down so `memory.current` exists where the host allows it.
 */
export function createWorkerCgroup(root: string, path: string): void {
  mkdirSync(path, { recursive: true });
  // Fresh times: another healmap's pruning leaves a group alone while a start is using it.
  const now = new Date();
  utimesSync(path, now, now);
  utimesSync(dirname(path), now, now);
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

/**
 * Removes empty worker cgroups under healmap's root left by maps whose workers were killed
 * without healmap (or whose folder is gone): only groups untouched for `olderThanMs`, so a
 * group another healmap has just created for a start is never taken from under it.
 */
export function pruneStaleCgroups(root: string, olderThanMs = 600_000, now = Date.now()): void {
  let maps: string[];
  try {
    maps = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(root, e.name));
  } catch {
    return;
  }
  for (const map of maps) {
    let workers: string[] = [];
    try {
      workers = readdirSync(map, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(map, e.name));
    } catch {
      continue;
    }
    for (const group of workers) {
      try {
        if (now - statSync(group).mtimeMs < olderThanMs) continue;
        if (readFileSync(join(group, 'cgroup.procs'), 'utf8').trim() !== '') continue;
        rmdirSync(group);
      } catch {
        // busy, populated, or gone meanwhile: leave it
      }
    }
    try {
      if (now - statSync(map).mtimeMs >= olderThanMs) rmdirSync(map);
    } catch {
      // still has groups
    }
  }
}
