import { mapPaths } from '../history/state-paths.js';
import type { ComponentId, MapModel } from '../map/types.js';
import { probeConfig, type ConfigProbe } from './probe-config.js';
import { probeFile, type FileProbe } from './probe-file.js';
import { probeLock, type LockProbe } from './probe-lock.js';
import { probePort, type PortProbe } from './probe-port.js';
import { probeWorker, readProcessTable, type ProcessTable, type WorkerProbe } from './probe-processes.js';
import { probeResources, type ResourceProbe } from './probe-resources.js';
import { readProcStatSync, readUptimeSeconds } from './proc-stat.js';
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

// Local metadata (stat, /proc, small files) is read synchronously in batches of this size,
// yielding to the event loop between batches so timers and events keep flowing.
const BATCH = 500;

/**
 * Looks at every component of the map: at most one process-table read (only when a pidfile does
 * not find a worker), local metadata in synchronous
 * batches, and network probes (ports) concurrently with a bound and a timeout each.
 */
export async function probeSystem(model: MapModel, options: ProbeOptions = {}): Promise<SystemProbe> {
  const { probeConcurrency: concurrency, probeTimeoutMs: timeout } = model.settings;
  const wanted = (id: ComponentId): boolean => !options.only || options.only.has(id);
  const workers = model.workers.filter((w) => wanted(w.id));
  const uptime = await readUptimeSeconds();
  let tableRead: Promise<ProcessTable> | null = null;
  const table = (): Promise<ProcessTable> => (tableRead ??= readProcessTable());
  const probe: SystemProbe = {
    takenAt: options.now ?? Date.now(),
    workers: new Map(), ports: new Map(), locks: new Map(), files: new Map(), configs: new Map(), resources: null,
  };
  const paths = mapPaths(model);
  const abs = (path: string): string => paths.absolute(path);
  await inBatches(workers, async (w) => probe.workers.set(w.id, await settle(() => probeWorker(model, w, table, uptime))));
  await inBatches(workers.filter((w) => w.lock !== null), async (w) => probe.locks.set(w.id, await settle(() => probeLock(abs(w.lock as string)))));
  await inBatches(model.files.filter((f) => wanted(f.id)), (f) => probe.files.set(f.id, settleSync(() => probeFile(abs(f.path), probe.takenAt))));
  await inBatches(model.configs.filter((c) => wanted(c.id)), (c) => probe.configs.set(c.id, settleSync(() => probeConfig(abs(c.path)))));
  const ported = workers.filter((w) => w.port !== null);
  const portResults = await runBounded(
    ported.map((w) => () => {
      const seen = probe.workers.get(w.id);
      return probePort(w.port as number, timeout, seen?.ok ? seen.value.pid : null, (child) => readProcStatSync(child)?.ppid);
    }),
    concurrency,
    timeout,
  );
  ported.forEach((w, i) => probe.ports.set(w.id, toResult(portResults[i])));
  if (!options.only) probe.resources = await probeResources(model.rootDir);
  return probe;
}

async function inBatches<T>(items: T[], run: (item: T) => unknown): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) {
    for (const item of items.slice(i, i + BATCH)) {
      const pending = run(item);
      if (pending instanceof Promise) await pending;
    }
    if (i + BATCH < items.length) await new Promise((resolve) => setImmediate(resolve));
  }
}

async function settle<T>(run: () => Promise<T>): Promise<ProbeResult<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return toResult({ ok: false, error: error instanceof Error ? error : new Error(String(error)) });
  }
}

function settleSync<T>(run: () => T): ProbeResult<T> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return toResult({ ok: false, error: error instanceof Error ? error : new Error(String(error)) });
  }
}

function toResult<T>(settled: Settled<T> | undefined): ProbeResult<T> {
  if (!settled) return { ok: false, error: 'not probed' };
  if (settled.ok) return settled;
  const code = (settled.error as NodeJS.ErrnoException).code;
  return { ok: false, error: code ? `${code}: ${settled.error.message}` : settled.error.message };
}
