/**
 * Feeds the forecasts from what a check already saw: each worker's RSS (a series per pid, so a
 * restart starts a fresh curve), each data file's interval between writes (a new modification
 * time is one sample), and free disk. Nothing is probed here; the samples live in memory only.
 */
import type { ComponentHealth, Diagnosis } from '../diagnose/types.js';
import type { SampleWindow } from '../history/sample-window.js';

/** Series keys, shared by the sampler and the forecasts. */
export const SERIES = {
  memory: (id: string, pid: number): string => `rss:${id}@${pid}`,
  interval: (id: string): string => `interval:${id}`,
  mtime: (id: string): string => `mtime:${id}`,
  disk: 'disk-free',
};

/** Adds this check's samples to the window. */
export function takeSamples(window: SampleWindow, diagnosis: Diagnosis, now: number): void {
  const current = new Set<string>();
  for (let i = 0; i < diagnosis.components.length; i++) {
    const c = diagnosis.components[i] as ComponentHealth;
    if (c.kind === 'worker') {
      const { pid, memoryBytes } = c.facts;
      if (typeof pid !== 'number' || typeof memoryBytes !== 'number') continue;
      const key = SERIES.memory(c.id, pid);
      current.add(key);
      window.add(key, now, memoryBytes);
    } else if (c.kind === 'file' && typeof c.facts.mtimeMs === 'number' && typeof c.facts.freshWithinSeconds === 'number') {
      const mtime = c.facts.mtimeMs;
      const previous = window.last(SERIES.mtime(c.id));
      current.add(SERIES.mtime(c.id));
      current.add(SERIES.interval(c.id));
      if (previous && mtime > previous.v) window.add(SERIES.interval(c.id), mtime, mtime - previous.v);
      if (!previous || mtime !== previous.v) window.add(SERIES.mtime(c.id), now, mtime);
    }
  }
  const disk = diagnosis.resources.diskFreeBytes;
  if (typeof disk === 'number') {
    current.add(SERIES.disk);
    window.add(SERIES.disk, now, disk);
  }
  // A worker's memory series of an older pid is dropped; workers this (scoped) check did not see keep theirs.
  const seen = new Set(diagnosis.components.map((c) => c.id));
  window.retain((key) => !key.startsWith('rss:') || current.has(key) || !seen.has(key.slice(4, key.lastIndexOf('@'))));
}
