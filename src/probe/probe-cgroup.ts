/**
 * What a worker's cgroup says: the pids in it (its whole tree, daemonized children included),
 * its memory and its CPU time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readProcStatSync } from './proc-stat.js';

/** The processes and resource use of one cgroup. */
export interface CgroupProbe {
  pids: number[];
  /** memory.current when the memory controller is enabled, else the members' summed RSS. */
  memoryBytes: number;
  /** cpu.stat usage_usec: CPU time used by everything that ever ran in the group. */
  cpuUsageUsec: number | null;
}

/** The pids in a cgroup (every process of its subtree); null when the cgroup does not exist. */
export function readCgroupPids(path: string): number[] | null {
  // Most adopted workers have no cgroup: asking first spares an ENOENT error (a stack trace) each.
  if (!existsSync(path)) return null;
  let text: string;
  try {
    text = readFileSync(join(path, 'cgroup.procs'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return text.split('\n').filter((l) => l !== '').map(Number);
}

/** Reads a worker's cgroup; null when it does not exist. */
export function probeCgroup(path: string): CgroupProbe | null {
  const pids = readCgroupPids(path);
  if (pids === null) return null;
  let memoryBytes = readNumber(join(path, 'memory.current'));
  if (memoryBytes === null) {
    // The memory controller is bound elsewhere (a hybrid host): sum the members' RSS.
    memoryBytes = 0;
    for (const pid of pids) memoryBytes += readProcStatSync(pid)?.rssBytes ?? 0;
  }
  let cpuUsageUsec: number | null = null;
  try {
    const usage = /^usage_usec (\d+)$/m.exec(readFileSync(join(path, 'cpu.stat'), 'utf8'))?.[1];
    cpuUsageUsec = usage === undefined ? null : Number(usage);
  } catch {
    // no cpu.stat: leave it unknown
  }
  return { pids, memoryBytes, cpuUsageUsec };
}

function readNumber(path: string): number | null {
  try {
    const value = Number(readFileSync(path, 'utf8').trim());
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}
