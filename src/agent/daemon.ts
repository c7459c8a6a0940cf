/**
 * The healing daemon (`healmap watch`): a full healing cycle at start and every interval, and
 * between cycles instant reactions to events — a worker's exit, a file or config deleted or
 * changed, a file passing its freshness deadline, the map edited — each healed through the
 * same planner, on the affected part of the graph only.
 *
 * Each event source lives in its own file and reports a Detection (or a request) to the one
 * HealScheduler: child-exits, liveness-events, data-file-events (with staleness-timers),
 * map-watcher, retry-timers. New sources (health-check timers, job schedules) plug in the same way.
 */
import type { Server } from 'node:http';
import { describeError } from '../errors.js';
import { affectedScope } from '../graph/build-graph.js';
import { mapPaths } from '../fs/state-paths.js';
import type { LoadedMap } from '../map/load-map.js';
import { loadMapAside } from '../map/map-cache.js';
import { formatMessage } from '../map/messages.js';
import type { ComponentId } from '../map/types.js';
import { readPidfile } from '../probe/read-pidfile.js';
import { isDeadState, readProcStat } from '../probe/proc-stat.js';
import { rotateLog } from '../repair/rotate-log.js';
import { summarize } from '../report/format-health.js';
import { renderHtml } from '../report/render-html.js';
import { gatherActivity } from '../report/gather-activity.js';
import { diagnosisToJson } from '../report/render-json.js';
import type { HealmapMetrics } from '../report/metrics.js';
import type { Diagnosis } from '../diagnose/types.js';
import { acquireLock, SharedLock, type HeldLock } from './action-lock.js';
import { checkSystem } from './check-system.js';
import { compactHeap } from './compact-heap.js';
import { ChildExits } from './child-exits.js';
import { actionEvent, type LogEvent } from './daemon-log.js';
import { DataFileEvents } from './data-file-events.js';
import { Debouncer } from './debouncer.js';
import type { Detection } from './detection.js';
import { ForecastMemory } from './forecast-memory.js';
import { runHealCycle } from './heal-cycle.js';
import { HealthTimers } from './health-timers.js';
import { writeHeartbeat, type HeartbeatRecord } from './heartbeat.js';
import { ControlEvents } from './control-events.js';
import { JobEvents } from './job-events.js';
import { LivenessEvents } from './liveness-events.js';
import { MapWatcher } from './map-watcher.js';
import { RetryTimers } from './retry-timers.js';
import { HealScheduler, type HealRequest } from './scheduler.js';
import { SerialQueue } from './serial-queue.js';

/** Options of the daemon; all optional but the map. */
export interface DaemonOptions {
  mapPath: string;
  /** Overrides the map's `interval` setting. */
  intervalMs?: number;
  http?: { host: string; port: number } | null;
  log?: (event: LogEvent) => void;
}

const HEARTBEAT_MS = 20_000;

/** The running daemon; `stop()` finishes the action in flight, flushes state and releases its lock. */
export class HealingDaemon {
  // Prometheus metrics exist only to be served: prom-client is loaded when `--http` is given.
  private metrics: HealmapMetrics | null = null;
  private readonly scheduler: HealScheduler;
  private readonly log: (event: LogEvent) => void;
  private readonly startedAt = Date.now();
  private readonly debouncer: Debouncer;
  private readonly exits: ChildExits;
  private readonly liveness: LivenessEvents;
  private readonly health: HealthTimers;
  private readonly jobs: JobEvents;
  private readonly requests: ControlEvents;
  private readonly forecasts = new ForecastMemory();
  private readonly retries: RetryTimers;
  // Passes on disjoint scopes run side by side: they share the action lock, and their state
  // updates (not their verifications) run one at a time.
  private readonly actionLock: SharedLock;
  private readonly stateUpdates = new SerialQueue();
  private dataFiles: DataFileEvents | null = null;
  private watcher: MapWatcher | null = null;
  private server: Server | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  // Only the status is kept between cycles: /health and / diagnose afresh, so no stale copy lingers.
  private lastStatus: Diagnosis['status'] | null = null;
  private cycles = 0;
  private lastCycleMs = 0;
  private stopping = false;
  private compacted = false;

  private constructor(
    private map: LoadedMap,
    private readonly lock: HeldLock,
    private readonly options: DaemonOptions,
  ) {
    this.log = options.log ?? (() => {});
    this.actionLock = new SharedLock(() => acquireLock(mapPaths(this.map.model).state.actionLock, 'another healmap is repairing this map', 120_000));
    const report = (detection: Detection): void => this.detected(detection);
    this.debouncer = new Debouncer(() => this.map.model.settings.debounceMs);
    this.exits = new ChildExits(report);
    this.liveness = new LivenessEvents(report);
    this.health = new HealthTimers(() => this.map.model, report, () => this.map.model.settings.probeConcurrency);
    this.retries = new RetryTimers((id) => this.scheduler.scope([id], 'retry'));
    this.scheduler = new HealScheduler(
      ({ request, scope }) => this.runRequest(request, scope),
      (ids) => affectedScope(this.map.graph, ids),
      (error) => this.log({ event: 'error', message: `cycle failed: ${(error as Error).stack ?? String(error)}` }),
    );
    this.requests = new ControlEvents(mapPaths(map.model).state.root, { scope: (ids, trigger) => this.scheduler.scope(ids, trigger), log: (e) => this.log(e) });
    this.jobs = new JobEvents(map, { scope: (ids, trigger) => this.scheduler.scope(ids, trigger), report: (d) => this.detected(d, true), log: (e) => this.log(e) });
  }

  /** Takes the agent lock (one agent per map), starts watching and runs the first full cycle. */
  static async start(options: DaemonOptions): Promise<HealingDaemon> {
    // Parsed aside (or read from the compiled cache): the daemon never keeps the Markdown parser in memory.
    const map = await loadMapAside(options.mapPath);
    if (!map.ok) {
      const errors = map.messages.filter((m) => m.severity === 'error').map((m) => formatMessage(map.label, m));
      throw new Error(`the map has errors:\n${errors.join('\n')}`);
    }
    const lock = await acquireLock(mapPaths(map.model).state.agentLock, 'healmap watch is already running for this map');
    const daemon = new HealingDaemon(map, lock, options);
    try {
      await daemon.begin();
    } catch (error) {
      await daemon.stop();
      throw error;
    }
    return daemon;
  }

  private get intervalMs(): number {
    return this.options.intervalMs ?? this.map.model.settings.intervalMs;
  }

  private async begin(): Promise<void> {
    if (this.options.http) {
      const metrics = new (await import('../report/metrics.js')).HealmapMetrics();
      this.metrics = metrics;
      // node:http is loaded only when the endpoint is asked for (about 1.5 MiB of resident memory).
      const { serveDaemonHttp } = await import('./daemon-http.js');
      this.server = await serveDaemonHttp(this.options.http, {
        metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
        health: async () => `${JSON.stringify(diagnosisToJson(await this.freshDiagnosis(), { agent: this.heartbeat() }), null, 2)}\n`,
        page: async () => {
          const diagnosis = await this.freshDiagnosis();
          return renderHtml(diagnosis, this.map.graph, this.map.order, { refreshSeconds: 5, title: this.map.label, activity: await gatherActivity(this.map, diagnosis) });
        },
      }, this.log);
    }
    this.log({ event: 'start', message: `healmap watch pid ${process.pid}: ${this.map.model.workers.length} workers, ${this.map.model.files.length} files, ${this.map.model.configs.length} configs; cycle every ${Math.round(this.intervalMs / 1000)}s`, pid: process.pid });
    this.startWatching();
    this.scheduler.full('start');
    this.scheduler.every(this.intervalMs, 'interval');
    this.heartbeatTimer = setInterval(() => void this.writeHeartbeat(), HEARTBEAT_MS);
    await this.writeHeartbeat();
  }

  /** Finishes the action in flight, flushes state, releases the lock; workers keep running. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.debouncer.close();
    this.exits.close();
    this.health.close();
    this.jobs.close();
    this.requests.close();
    this.retries.close();
    this.dataFiles?.close();
    await this.watcher?.close();
    await this.scheduler.stop();
    this.liveness.close();
    if (this.server) await (await import('./http-server.js')).closeHttpServer(this.server);
    await this.writeHeartbeat(true);
    await this.lock.release();
    this.log({ event: 'stop', message: `healmap watch stopped after ${this.cycles} cycles; workers left running` });
  }

  /** Resolves once no cycle is running or waiting (for tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.scheduler.busy) await new Promise((r) => setTimeout(r, 10));
  }

  /** The address the HTTP endpoint listens on, when it runs. */
  get httpPort(): number | null {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : null;
  }

  private async runRequest(request: HealRequest, only: Set<ComponentId> | undefined): Promise<void> {
    const started = Date.now();
    const trigger = request.full ? [...request.triggers].find((t) => t === 'start' || t === 'interval' || t === 'map') ?? 'interval' : [...request.triggers].join('+');
    if (only && only.size === 0) return;
    const result = await runHealCycle(this.map, {
      only,
      actionLock: () => this.actionLock.acquire(),
      serializeState: (update) => this.stateUpdates.run(update),
      failedAt: request.failedAt,
      healthVerdicts: this.health.verdicts,
      samples: this.forecasts.samples,
      exits: this.forecasts.exits,
      onAction: (done) => {
        this.metrics?.observeAction(done);
        this.log(actionEvent(done));
        const failedAt = request.failedAt.get(done.action.target);
        if (done.result === 'succeeded' && failedAt !== undefined) this.metrics?.observeRecovery((Date.now() - failedAt) / 1000);
      },
      onWorkerExit: (id, pid, code, signal) => {
        this.forecasts.recordExit(id, code, signal);
        if (this.exits.exited(id, pid, code, signal)) this.liveness.untrack(id);
      },
      onStopping: (id, pid) => {
        this.exits.expect(pid);
        this.liveness.untrack(id);
        this.health.untrack(id);
      },
    });
    for (const problem of result.persistErrors) this.log({ event: 'error', message: problem });
    for (const p of this.forecasts.fresh(result.predictions, request.full)) this.log({ event: 'predicted', message: `${p.code} ${p.component}: ${p.message}`, component: p.component, code: p.code, breachAt: new Date(p.breachAt).toISOString() });
    this.cycles++;
    this.lastCycleMs = Date.now() - started;
    this.metrics?.observeCycle(trigger, this.lastCycleMs / 1000);
    this.metrics?.observeDiagnosis(result.after, request.full);
    if (request.full) {
      this.lastStatus = result.after.status;
      this.log({ event: 'cycle', message: `cycle ${this.cycles} (${trigger}): ${summarize(result.after)} · ${this.lastCycleMs} ms`, status: result.after.status, durationMs: this.lastCycleMs, cycle: this.cycles });
    }
    this.trackWorkers(result.after);
    this.health.observe(result.after);
    this.dataFiles?.observe(result.after);
    this.jobs.observe(result.after);
    if (!this.stopping) this.retries.observe(result.after, result.state);
    if (request.full) {
      await this.rotateLogs();
      await this.writeHeartbeat();
      // The start-up's garbage is returned once, after the first full cycle (see compactHeap).
      if (!this.compacted) compactHeap();
      this.compacted = true;
    } else if (result.executed.length > 0 && !this.stopping) {
      await this.refreshAfterRepair();
    }
  }

  // An event-driven repair saw only its scope: the whole map is checked (read-only) so the
  // overall status in /metrics, /health and the heartbeat is current now, not an interval later.
  private async refreshAfterRepair(): Promise<void> {
    const diagnosis = await this.freshDiagnosis().catch(() => null);
    if (!diagnosis || this.stopping) return;
    this.lastStatus = diagnosis.status;
    this.metrics?.observeDiagnosis(diagnosis, true);
    await this.writeHeartbeat();
  }

  // Remembers live worker pids to poll, for workers this agent adopted rather than started.
  private trackWorkers(diagnosis: Diagnosis): void {
    for (const c of diagnosis.components) {
      if (c.kind !== 'worker') continue;
      if (c.facts.state === 'running' && typeof c.facts.pid === 'number') this.liveness.track(c.id, c.facts.pid);
      else this.liveness.untrack(c.id);
    }
  }

  // Every event source reports here: counted, logged, and its affected scope healed.
  private detected(detection: Detection, fromJobs = false): void {
    if (this.stopping) return;
    // A job's run ending (or an `on failure` daemon's) is told apart from a crash first.
    if (!fromJobs && this.jobs.intercept(detection)) return;
    if (this.requests.intercept(detection)) return;
    const { id, what, failedAt, trigger } = detection;
    const now = Date.now();
    this.metrics?.observeDetection((now - failedAt) / 1000);
    this.log({ event: 'detected', message: `detected ${id.slice(id.indexOf(':') + 1)} ${what}`, component: id, trigger, detectMs: now - failedAt });
    this.scheduler.scope([id], trigger, new Map([[id, failedAt]]));
  }

  private startWatching(): void {
    const paths = mapPaths(this.map.model);
    const dataFiles = new DataFileEvents(this.map.model.files, (p) => paths.absolute(p), this.map.graph, this.debouncer, (d) => this.detected(d), (message) => this.log({ event: 'error', message }));
    this.dataFiles = dataFiles;
    const configs = new Map<string, ComponentId>();
    for (const config of this.map.model.configs) configs.set(paths.absolute(config.path), config.id);
    this.watcher = new MapWatcher(this.map.model.rootDir, this.map.model.mapPath, configs, dataFiles.paths, {
      mapChanged: () => this.debouncer.run('map:', () => void this.reloadMap().catch((error: unknown) => this.log({ event: 'error', message: `map reload failed, keeping the previous map running: ${describeError(error)}` }))),
      folderChanged: (folder, exists) => dataFiles.folderChanged(folder, exists),
      configChanged: (id, deleted) => {
        const at = Date.now();
        this.debouncer.run(id, () => (deleted ? this.detected({ id, what: 'was deleted', failedAt: at, trigger: 'deleted' }) : this.scheduler.scope([id], 'config-changed')));
      },
      error: (message) => this.log({ event: 'error', message }),
      ready: () => {
        const { watched, declared } = dataFiles.folderCounts;
        this.log({ event: 'watching', message: `watching ${this.map.model.files.length} files in ${watched} of ${declared} folders (the rest once created), ${configs.size} configs and the map for changes` });
      },
    });
  }

  // A valid new map is adopted; an invalid one is reported and the old graph keeps running.
  private async reloadMap(): Promise<void> {
    const next = await loadMapAside(this.options.mapPath);
    if (!next.ok) {
      const errors = next.messages.filter((m) => m.severity === 'error');
      this.log({ event: 'map-invalid', message: `map changed and now has ${errors.length} error(s); keeping the previous map running: ${errors.map((m) => m.message).join('; ')}`, errors: errors.map((m) => formatMessage(next.label, m)) });
      for (const m of errors) this.log({ event: 'lint', message: `  ${formatMessage(next.label, m)}` });
      return;
    }
    const removed = this.map.model.workers.filter((w) => !next.model.workers.some((n) => n.name === w.name));
    for (const worker of removed) {
      const record = await readPidfile(mapPaths(this.map.model).pidfile(worker.name));
      const alive = record && !isDeadState(await readProcStat(record.pid));
      this.log({ event: 'unmanaged', message: `worker ${worker.name} was removed from the map${alive ? `; pid ${record.pid} left running, unmanaged` : ''}`, component: worker.id });
      this.liveness.untrack(worker.id);
    }
    this.map = next;
    this.jobs.setMap(next);
    this.metrics?.resetComponents();
    this.dataFiles?.close();
    await this.watcher?.close();
    if (this.stopping) return;
    this.startWatching();
    this.log({ event: 'map-reloaded', message: `map reloaded: ${next.model.workers.length} workers, ${next.model.files.length} files, ${next.model.configs.length} configs` });
    this.scheduler.full('map');
  }

  private async freshDiagnosis(): Promise<Diagnosis> {
    return (await checkSystem(this.map)).diagnosis;
  }

  private heartbeat(stopped = false): HeartbeatRecord {
    return {
      pid: process.pid, mapPath: this.map.model.mapPath, startedAt: new Date(this.startedAt).toISOString(), writtenAt: new Date().toISOString(),
      cycles: this.cycles, lastCycleMs: this.lastCycleMs, status: this.lastStatus ?? 'unknown', stopped,
      memory: process.memoryUsage(),
    };
  }

  private async writeHeartbeat(stopped = false): Promise<void> {
    const problem = await writeHeartbeat(mapPaths(this.map.model).state.heartbeat, this.heartbeat(stopped));
    if (problem) this.log({ event: 'error', message: problem });
  }

  private async rotateLogs(): Promise<void> {
    const paths = mapPaths(this.map.model);
    for (const worker of this.map.model.workers) await rotateLog(paths.log(worker.name), this.map.model.settings.logMaxBytes, this.map.model.rootDir);
  }
}
