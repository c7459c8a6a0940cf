import { join } from 'node:path';
import type { ComponentId, MapModel } from '../map/types.js';
import { probeConfig, type ConfigProbe } from './probe-config.js';
import { probeFile, type FileProbe } from './probe-file.js';
import { probeLock, type LockProbe } from './probe-lock.js';
import { probePort, type PortProbe } from './probe-port.js';
import { probeWorker, readProcessTable, type WorkerProbe } from './probe-processes.js';
import { probeResources, type ResourceProbe } from './probe-resources.js';
import { readUptimeSeconds } from './proc-stat.js';
import { runBounded, type Settled } from './run-bounded.js';

/** A probe's answer, or why it could not answer (EACCES, a timeout): a finding, not a crash. */
export type ProbeResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Everything healmap saw of the world in one check. */
export interface SystemProbe {
  takenAt: number;
  workers: Map<ComponentId, ProbeResult<WorkerProbe>>;
  ports: Map<ComponentId, ProbeResult<PortProbe>>;
  locks: Map<ComponentId, ProbeResult<LockProbe>>;
  files: Map<ComponentId, ProbeResult<FileProbe>>;
  configs: Map<ComponentId, ProbeResult<ConfigProbe>>;
  resources: ResourceProbe | null;
}

/** Options of {@link probeSystem}; all optional. */
export interface ProbeOptions {
  /** Probe only these components (event-driven checks); default all. */
  only?: Set<ComponentId>;
  now?: number;
}

/** Looks at every component of the map: one process-table read, then bounded concurrent probes. */
export async function probeSystem(model: MapModel, options: ProbeOptions = {}): Promise<SystemProbe> {
  const { probeConcurrency: concurrency, probeTimeoutMs: timeout } = model.settings;
  const wanted = (id: ComponentId): boolean => !options.only || options.only.has(id);
  const workers = model.workers.filter((w) => wanted(w.id));
  const [table, uptime] = workers.length > 0 ? await Promise.all([readProcessTable(), readUptimeSeconds()]) : [new Map(), null];
  const workerResults = await runBounded(workers.map((w) => () => probeWorker(model, w, table, uptime)), concurrency, timeout);
  const probe: SystemProbe = {
    takenAt: options.now ?? Date.now(),
    workers: new Map(workers.map((w, i) => [w.id, toResult(workerResults[i])])),
    ports: new Map(), locks: new Map(), files: new Map(), configs: new Map(), resources: null,
  };
  const now = probe.takenAt;
  const abs = (path: string): string => join(model.rootDir, path);
  const tasks: (() => Promise<void>)[] = [];
  const add = <T>(target: Map<ComponentId, ProbeResult<T>>, id: ComponentId, run: () => Promise<T>): void => {
    tasks.push(async () => {
      const [result] = await runBounded([run], 1, timeout);
      target.set(id, toResult(result));
    });
  };
  for (const worker of workers) {
    const seen = probe.workers.get(worker.id);
    const pid = seen?.ok ? seen.value.pid : null;
    if (worker.port !== null) { const port = worker.port; add(probe.ports, worker.id, () => probePort(port, timeout, pid, (child) => table.get(child)?.ppid)); }
    if (worker.lock !== null) { const lock = worker.lock; add(probe.locks, worker.id, () => probeLock(abs(lock))); }
  }
  for (const file of model.files) if (wanted(file.id)) add(probe.files, file.id, () => probeFile(abs(file.path), now));
  for (const config of model.configs) if (wanted(config.id)) add(probe.configs, config.id, () => probeConfig(abs(config.path)));
  if (!options.only) tasks.push(async () => { probe.resources = await probeResources(model.rootDir); });
  await runBounded(tasks, concurrency, timeout * 2);
  return probe;
}

function toResult<T>(settled: Settled<T> | undefined): ProbeResult<T> {
  if (!settled) return { ok: false, error: 'not probed' };
  if (settled.ok) return settled;
  const code = (settled.error as NodeJS.ErrnoException).code;
  return { ok: false, error: code ? `${code}: ${settled.error.message}` : settled.error.message };
}
