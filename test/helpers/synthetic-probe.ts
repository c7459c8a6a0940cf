import type { ComponentId } from '../../src/map/types.js';
import type { SystemProbe } from '../../src/probe/probe-system.js';
import type { WorkerProbe } from '../../src/probe/probe-processes.js';

/** A fixed moment, so ages and timestamps in rendered reports never change. */
export const NOW = Date.parse('2026-11-22T12:00:00Z');

/** A live worker as the process probe would report it. */
export function running(pid: number, uptimeSeconds = 3600): { ok: true; value: WorkerProbe } {
  return { ok: true, value: { state: 'running', pid, identifiedBy: 'healmap-pidfile', startTicks: 1, uptimeMs: uptimeSeconds * 1000, cpuPercent: 0.5, memoryBytes: 42 * 1024 ** 2, notes: [], hasPidfile: true } };
}

/** A worker the process probe found dead. */
export function dead(): { ok: true; value: WorkerProbe } {
  return { ok: true, value: { state: 'dead', pid: null, identifiedBy: null, startTicks: null, uptimeMs: null, cpuPercent: null, memoryBytes: null, notes: [], hasPidfile: true } };
}

/** A file of a given age in seconds (null: missing). */
export function file(ageSeconds: number | null) {
  return ageSeconds === null
    ? { ok: true as const, value: { exists: false, sizeBytes: null, mtimeMs: null, ageMs: null } }
    : { ok: true as const, value: { exists: true, sizeBytes: 2048, mtimeMs: NOW - ageSeconds * 1000, ageMs: ageSeconds * 1000 } };
}

/** A probe of the world built by hand, for the pure stages. */
export function syntheticProbe(parts: Partial<Omit<SystemProbe, 'takenAt'>> & { workers: SystemProbe['workers'] }): SystemProbe {
  return {
    takenAt: NOW,
    ports: new Map(), locks: new Map(), files: new Map(), configs: new Map(),
    resources: { diskFreeBytes: 50 * 1024 ** 3, diskTotalBytes: 100 * 1024 ** 3, memoryFreeBytes: 8 * 1024 ** 3, memoryTotalBytes: 16 * 1024 ** 3 },
    ...parts,
  };
}

/** Shorthand for a Map from ids. */
export function byId<T>(entries: [ComponentId, T][]): Map<ComponentId, T> {
  return new Map(entries);
}
