/**
 * A worker's whole process tree: every process in its cgroup, or where cgroups are not writable,
 * the processes of its process groups and the descendants of its pid (by parent pid).
 */
import { readdirSync } from 'node:fs';
import { readCgroupPids } from './probe-cgroup.js';
import { readProcStatSync, isDeadState, type ProcStat } from './proc-stat.js';

/** Where to look for a worker's tree. */
export interface TreeSource {
  /** The worker's cgroup (when healmap put it in one). */
  cgroup: string | null;
  /** Pids whose descendants belong to the tree (the worker's pid, its launcher). */
  roots: number[];
  /** Process groups whose members belong to the tree (a daemon's own group outlives it). */
  groups: number[];
}

/** The live processes of a worker's tree (zombies excluded), and how they were found. */
export interface ProcessTree {
  mode: 'cgroup' | 'process-group';
  pids: number[];
}

/** Lists a worker's tree: from its cgroup when it has one, else by process group and parent pid. */
export function listProcessTree(source: TreeSource): ProcessTree {
  if (source.cgroup) {
    const pids = readCgroupPids(source.cgroup);
    if (pids !== null) return { mode: 'cgroup', pids: pids.filter((pid) => !isDeadState(readProcStatSync(pid))) };
  }
  const groups = new Set(source.groups.filter((g) => g > 1));
  const roots = new Set(source.roots.filter((r) => r > 1));
  if (groups.size === 0 && roots.size === 0) return { mode: 'process-group', pids: [] };
  const all = readAllProcesses();
  // A group whose leader's pid now names a live process that is not a root was taken over by
  // pid reuse (or never was ours): its members are someone else's.
  for (const p of all) if (groups.has(p.pid) && !roots.has(p.pid) && !isDeadState(p)) groups.delete(p.pid);
  const members = new Set<number>();
  for (const p of all) if (groups.has(p.pgid) || roots.has(p.pid)) members.add(p.pid);
  // Descendants by parent pid, until no new member appears.
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (!members.has(p.pid) && (members.has(p.ppid) || roots.has(p.ppid))) {
        members.add(p.pid);
        grew = true;
      }
    }
  }
  members.delete(process.pid);
  return { mode: 'process-group', pids: [...members].filter((pid) => all.find((p) => p.pid === pid && !isDeadState(p))) };
}

/** Every process in /proc, as its stat line says. */
export function readAllProcesses(): ProcStat[] {
  const list: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (entry.charCodeAt(0) < 0x30 || entry.charCodeAt(0) > 0x39) continue;
    const stat = readProcStatSync(Number(entry));
    if (stat) list.push(stat);
  }
  return list;
}
