import { describeError } from '../errors.js';
import { mapPaths } from '../fs/state-paths.js';
import type { ComponentId, ConfigSpec, FileSpec, MapModel, WorkerSpec } from '../map/types.js';
import type { ConfigFormat } from '../map/config-format.js';
import { probeConfig, type ConfigProbe } from './probe-config.js';
import { probeFile, type FileProbe } from './probe-file.js';
import { jobRecordPath, readJobRecord, recordsRuns, type JobRecord } from './probe-job.js';
import { probeLock, type LockProbe } from './probe-lock.js';
import { probePort, type PortProbe } from './probe-port.js';
import { detectCgroupRoot, existingMapCgroupFolder, type CgroupRoot } from './cgroup-root.js';
import { checkWorkerHealth, type HealthVerdict } from './probe-health.js';
import { probeWorker, readProcessTable, type ProcessTable, type WorkerProbe } from './probe-processes.js';
import { readBootTimeMs } from './process-identity.js';
import { probeResources, type ResourceProbe } from './probe-resources.js';
import { readProcStatSync, readUptimeSeconds } from './proc-stat.js';
import { runBounded, type Settled } from './run-bounded.js';
import { runConfigCheck } from './run-config-check.js';

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
  /** Health of running workers that declare a check: the daemon's verdict, or one run now. */
  health?: Map<ComponentId, WorkerHealth>;
  resources: ResourceProbe | null;
  /** The last recorded run of each job (and each daemon that restarts only on failure). */
  jobs?: Map<ComponentId, ProbeResult<JobRecord | null>>;
  /** Where workers' cgroups live, or why process trees fall back to process groups. */
  cgroups?: CgroupRoot;
}

/** What a worker's health check says now. */
export interface WorkerHealth {
  healthy: boolean;
  detail: string;
  /** Consecutive failures counted (1 for a one-shot check). */
  failures: number;
  /** True when the failure fell inside the start period and does not count. */
  inStartPeriod: boolean;
}

/** Options of {@link probeSystem}; all optional. */
export interface ProbeOptions {
  /** Probe only these components (event-driven checks); default all. */
  only?: Set<ComponentId>;
  now?: number;
  /**
   * Health verdicts kept by the daemon's health timers (consecutive results, thresholds); a
   * worker without one (or whose process changed since) has its check run once here.
   */
  healthVerdicts?: ReadonlyMap<ComponentId, HealthVerdict>;
  /** The existence test for the map's cgroup folder (a counting one in tests); default existsSync. */
  pathExists?: (path: string) => boolean;
}

/** How long a config's `validate with` command may run before it is killed and the check fails. */
export const CONFIG_CHECK_TIMEOUT_MS = 10_000;

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
  const only = options.only ?? null;
  const workers = only ? model.workers.filter((w) => only.has(w.id)) : model.workers;
  const uptime = await readUptimeSeconds();
  let tableRead: Promise<ProcessTable> | null = null;
  const table = (): Promise<ProcessTable> => (tableRead ??= readProcessTable());
  const probe: SystemProbe = {
    takenAt: options.now ?? Date.now(),
    workers: new Map(), ports: new Map(), locks: new Map(), files: new Map(), configs: new Map(), health: new Map(), resources: null, cgroups: detectCgroupRoot(),
  };
  // The map's cgroup folder is looked for once per pass: when it is absent no worker is asked
  // for a cgroup of its own (1,000 failing access() calls at 1,000 workers otherwise).
  const context = { cgroupRoot: probe.cgroups, cgroupFolder: existingMapCgroupFolder(probe.cgroups as CgroupRoot, model.rootDir, options.pathExists), bootTimeMs: readBootTimeMs() };
  const paths = mapPaths(model);
  // Indexed loops, no closure or iterator result per item: this runs over 11,000 components
  // every cycle. Local metadata is read synchronously, yielding to the event loop every BATCH
  // components.
  let count = 0;
  for (let i = 0; i < workers.length; i++) {
    const w = workers[i] as WorkerSpec;
    probe.workers.set(w.id, await settle(probeWorker(model, w, table, uptime, context)));
    if (w.lock !== null) probe.locks.set(w.id, await settle(probeLock(paths.absolute(w.lock))));
    if (recordsRuns(w)) (probe.jobs ??= new Map()).set(w.id, probeJobResult(jobRecordPath(paths.state, w.name)));
    if (++count % BATCH === 0) await yieldToEventLoop();
  }
  for (let i = 0; i < model.files.length; i++) {
    const f = model.files[i] as FileSpec;
    if (only && !only.has(f.id)) continue;
    probe.files.set(f.id, probeFileResult(paths.absolute(f.path), probe.takenAt));
    if (++count % BATCH === 0) await yieldToEventLoop();
  }
  const checks: Promise<void>[] = [];
  for (let i = 0; i < model.configs.length; i++) {
    const c = model.configs[i] as ConfigSpec;
    if (only && !only.has(c.id)) continue;
    const seen = probeConfigResult(paths.absolute(c.path), c.format);
    probe.configs.set(c.id, seen);
    if (c.validateWith !== null && seen.ok && seen.value.exists) {
      const command = c.validateWith;
      checks.push(runConfigCheck(command, paths.absolute(c.path), model.rootDir, CONFIG_CHECK_TIMEOUT_MS).then((check) => { seen.value.check = check; }));
    }
    if (++count % BATCH === 0) await yieldToEventLoop();
  }
  await Promise.all(checks);
  const ported = workers.filter((w) => w.port !== null);
  const portResults = await runBounded(
    ported.map((w) => () => {
      const seen = probe.workers.get(w.id);
      return probePort(w.port as number, timeout, seen?.ok ? seen.value.pid : null, (child) => readProcStatSync(child)?.ppid, seen?.ok ? seen.value.treePids ?? [] : []);
    }),
    concurrency,
    timeout,
  );
  ported.forEach((w, i) => probe.ports.set(w.id, toResult(portResults[i])));
  await probeHealth(model, workers, probe, options.healthVerdicts);
  if (!only) probe.resources = await probeResources(model.rootDir);
  return probe;
}

// Runs the check of every running worker that has one (bounded, each within its timeout),
// unless the daemon's timers already hold a verdict about the same process.
async function probeHealth(model: MapModel, workers: WorkerSpec[], probe: SystemProbe, verdicts: ReadonlyMap<ComponentId, HealthVerdict> | undefined): Promise<void> {
  const health = (probe.health ??= new Map());
  const due: { worker: WorkerSpec; process: WorkerProbe }[] = [];
  for (const worker of workers) {
    const seen = probe.workers.get(worker.id);
    if (!worker.health || !seen?.ok || seen.value.state !== 'running' || seen.value.pid === null) continue;
    const verdict = verdicts?.get(worker.id);
    if (verdict && verdict.pid === seen.value.pid && verdict.startTicks === seen.value.startTicks) {
      health.set(worker.id, { healthy: verdict.healthy, detail: verdict.detail, failures: verdict.consecutiveFailures, inStartPeriod: false });
    } else {
      due.push({ worker, process: seen.value });
    }
  }
  if (due.length === 0) return;
  const results = await runBounded(
    due.map(({ worker }) => () => checkWorkerHealth(model, worker)),
    model.settings.probeConcurrency,
    Math.max(...due.map(({ worker }) => worker.health?.timeoutMs ?? 0)) + 1000,
  );
  due.forEach(({ worker, process: p }, i) => {
    const settled = results[i];
    const result = settled?.ok ? settled.value : { ok: false, detail: settled ? settled.error.message : 'not run' };
    const inStartPeriod = !result.ok && p.uptimeMs !== null && p.uptimeMs < (worker.health?.startPeriodMs ?? 0);
    health.set(worker.id, { healthy: result.ok || inStartPeriod, detail: result.detail, failures: result.ok ? 0 : 1, inStartPeriod });
  });
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function probeFileResult(path: string, now: number): ProbeResult<FileProbe> {
  try {
    return { ok: true, value: probeFile(path, now) };
  } catch (error) {
    return failed(error);
  }
}

function probeJobResult(path: string): ProbeResult<JobRecord | null> {
  try {
    return { ok: true, value: readJobRecord(path) };
  } catch (error) {
    return failed(error);
  }
}

function probeConfigResult(path: string, format: ConfigFormat): ProbeResult<ConfigProbe> {
  try {
    return { ok: true, value: probeConfig(path, format) };
  } catch (error) {
    return failed(error);
  }
}

async function settle<T>(pending: Promise<T>): Promise<ProbeResult<T>> {
  try {
    return { ok: true, value: await pending };
  } catch (error) {
    return failed(error);
  }
}

// Why a probe could not answer, as one line (the errno code first when there is one).
function failed(error: unknown): { ok: false; error: string } {
  return { ok: false, error: describeError(error) };
}

function toResult<T>(settled: Settled<T> | undefined): ProbeResult<T> {
  if (!settled) return { ok: false, error: 'not probed' };
  return settled.ok ? settled : failed(settled.error);
}
