/**
 * Where healmap may put the workers it starts: a writable cgroup v2 hierarchy, found at run time
 * (the unified hierarchy of a hybrid host at /sys/fs/cgroup/unified, a systemd host's
 * /sys/fs/cgroup under a unit with `Delegate=yes`), or why there is none (non-root).
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { safeName } from '../fs/state-paths.js';

/** The cgroup v2 folder healmap's workers go under, or why process trees fall back. */
export type CgroupRoot = { path: string; reason: null } | { path: null; reason: string };

/**
 * Finds the writable cgroup v2 hierarchy: the cgroup2 mount, below healmap's own cgroup there
 * (a delegated subtree). `HEALMAP_CGROUPS=off` turns cgroups off (the fallback, on purpose).
 */
export function detectCgroupRoot(env: NodeJS.ProcessEnv = process.env): CgroupRoot {
  if (env.HEALMAP_CGROUPS === 'off') return { path: null, reason: 'cgroups turned off (HEALMAP_CGROUPS=off)' };
  let mounts: string;
  try {
    mounts = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return { path: null, reason: 'no /proc/self/mountinfo' };
  }
  // mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS ... - FSTYPE SOURCE SUPER
  const mountPoint = mounts.split('\n').map((line) => line.split(' - ')).find((parts) => parts[1]?.startsWith('cgroup2 '))?.[0]?.split(' ')[4];
  if (!mountPoint) return { path: null, reason: 'no cgroup v2 hierarchy is mounted' };
  let own = '/';
  try {
    own = /^0::(.*)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'))?.[1] ?? '/';
  } catch {
    // keep the mount's root
  }
  const base = join(mountPoint, own);
  try {
    accessSync(base, constants.W_OK);
    accessSync(join(base, 'cgroup.procs'), constants.W_OK);
  } catch {
    return { path: null, reason: `${base} is not writable by uid ${process.getuid?.() ?? '?'} (run as root, or under systemd with Delegate=yes)` };
  }
  return { path: join(base, 'healmap'), reason: null };
}

/** The cgroup of one worker of one map: per map folder, so two checkouts never share one. */
export function workerCgroupPath(root: string, rootDir: string, workerName: string): string {
  return join(mapCgroupFolder(root, rootDir), safeName(workerName));
}

/**
 * The folder holding one map's worker cgroups (a hash of the map's folder under the root). SHA-256
 * in JavaScript (@noble/hashes), the same digest as node:crypto's: loading node:crypto and its ~20
 * modules cost a one-shot `check` more than probing its workers did, for one short hash.
 */
export function mapCgroupFolder(root: string, rootDir: string): string {
  return join(root, bytesToHex(sha256(utf8ToBytes(rootDir))).slice(0, 12));
}

/**
 * The map's cgroup folder when it exists, else null (no worker of this map was started in a
 * cgroup, so none has one to read): asked once for a whole probe pass instead of one failing
 * `access()` per worker. healmap's own folder under the root is asked first, which spares
 * hashing the map's folder on a host where healmap never started a worker. `exists` is the
 * existence test (a counting one in tests).
 */
export function existingMapCgroupFolder(root: CgroupRoot, rootDir: string, exists: (path: string) => boolean = existsSync): string | null {
  if (!root.path || !exists(root.path)) return null;
  const folder = mapCgroupFolder(root.path, rootDir);
  return exists(folder) ? folder : null;
}
