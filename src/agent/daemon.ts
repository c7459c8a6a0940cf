/**
 * The healing daemon (`healmap watch`): a full healing cycle at start and every interval, and
 * between cycles instant reactions to events — a worker's exit, a file or config deleted or
 * changed, a file passing its freshness deadline, the map edited — each healed through the
 * same planner, on the affected part of the graph only.
 */
import type { Server } from 'node:http';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import chokidar, { type FSWatcher } from 'chokidar';
import { affectedScope } from '../graph/build-graph.js';
import { mapPaths } from '../fs/state-paths.js';
import { loadMap, type LoadedMap } from '../map/load-map.js';
import { formatMessage } from '../map/messages.js';
import type { ComponentId, FileSpec } from '../map/types.js';
import { probeFile, type FileProbe } from '../probe/probe-file.js';
import { readPidfile } from '../probe/read-pidfile.js';
import { isDeadState, readProcStat } from '../probe/proc-stat.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { rotateLog } from '../repair/rotate-log.js';
import { summarize } from '../report/format-health.js';
import { renderHtml } from '../report/render-html.js';
import { diagnosisToJson } from '../report/render-json.js';
import { HealmapMetrics } from '../report/metrics.js';
import type { Diagnosis } from '../diagnose/types.js';
import { acquireLock, type HeldLock } from './action-lock.js';
import { checkSystem } from './check-system.js';
import { CoalescingRunner } from './coalescing-runner.js';
import { FolderWatcher } from './folder-watcher.js';
import { actionEvent, type LogEvent } from './daemon-log.js';
import { runHealCycle } from './heal-cycle.js';
import { startHttpServer } from './http-server.js';
import { LivenessPoller } from './liveness-poller.js';
import { StalenessTimers } from './staleness-timers.js';

/** Options of the daemon; all optional but the map. */
export interface DaemonOptions {
  mapPath: string;
  /** Overrides the map's `interval` setting. */
  intervalMs?: number;
  http?: { host: string; port: number } | null;
  log?: (event: LogEvent) => void;
}

interface Job {
  full: boolean;
  ids: Set<ComponentId>;
  failedAt: Map<ComponentId, number>;
  triggers: Set<string>;
}

const HEARTBEAT_MS = 20_000;
const LIVENESS_POLL_MS = 1000;
// /proc reads per poll: up to this many workers are each seen every second; more take turns.
const LIVENESS_READS_PER_POLL = 250;

/** The running daemon; `stop()` finishes the action in flight, flushes state and releases its lock. */
export class HealingDaemon {
  private readonly metrics = new HealmapMetrics();
  private readonly timers: StalenessTimers;
  private readonly runner: CoalescingRunner<Job>;
  private readonly log: (event: LogEvent) => void;
  private readonly startedAt = Date.now();
  private watcher: FSWatcher | null = null;
  private folders: FolderWatcher | null = null;
  // Data files last seen to exist (by a cycle or an event): only these can be reported deleted.
  private readonly presentFiles = new Set<ComponentId>();
  private server: Server | null = null;
  private intervals: NodeJS.Timeout[] = [];
  private readonly liveness = new LivenessPoller();
  // Only the status is kept between cycles: /health and / diagnose afresh, so no stale copy lingers.
  private lastStatus: Diagnosis['status'] | null = null;
  private cycles = 0;
  private lastCycleMs = 0;
  private stopping = false;
  private debounce = new Map<ComponentId, NodeJS.Timeout>();
  // Pids healmap is stopping on purpose (a restart): their exit is not an incident.
  private expectedExits = new Set<number>();

  private constructor(
    private map: LoadedMap,
    private readonly lock: HeldLock,
    private readonly options: DaemonOptions,
  ) {
    this.log = options.log ?? (() => {});
    this.timers = new StalenessTimers((id, deadline) => this.onStale(id, deadline));
    this.runner = new CoalescingRunner<Job>(
      (job) => this.runJob(job),
      (a, b) => ({ full: a.full || b.full, ids: new Set([...a.ids, ...b.ids]), failedAt: new Map([...a.failedAt, ...b.failedAt]), triggers: new Set([...a.triggers, ...b.triggers]) }),
      (error) => this.log({ event: 'error', message: `cycle failed: ${(error as Error).stack ?? String(error)}` }),
    );
  }

  /** Takes the agent lock (one agent per map), starts watching and runs the first full cycle. */
  static async start(options: DaemonOptions): Promise<HealingDaemon> {
    const map = await loadMap(options.mapPath);
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
    if (this.options.http) await this.serveHttp(this.options.http);
    this.log({ event: 'start', message: `healmap watch pid ${process.pid}: ${this.map.model.workers.length} workers, ${this.map.model.files.length} files, ${this.map.model.configs.length} configs; cycle every ${Math.round(this.intervalMs / 1000)}s`, pid: process.pid });
    this.startWatching();
    this.request({ full: true, ids: new Set(), failedAt: new Map(), triggers: new Set(['start']) });
    this.intervals.push(
      setInterval(() => this.request({ full: true, ids: new Set(), failedAt: new Map(), triggers: new Set(['interval']) }), this.intervalMs),
      setInterval(() => void this.writeHeartbeat(), HEARTBEAT_MS),
      setInterval(() => this.pollLiveness(), LIVENESS_POLL_MS),
    );
    await this.writeHeartbeat();
  }

  private async serveHttp(listen: { host: string; port: number }): Promise<void> {
    try {
      this.server = await startHttpServer(listen, {
        metrics: async () => ({ contentType: this.metrics.registry.contentType, body: await this.metrics.registry.metrics() }),
        health: async () => `${JSON.stringify(diagnosisToJson(await this.freshDiagnosis(), { agent: this.heartbeat() }), null, 2)}\n`,
        page: async () => renderHtml(await this.freshDiagnosis(), this.map.graph, this.map.order, { refreshSeconds: 5, title: this.map.label }),
      });
      const address = this.server.address();
      const where = typeof address === 'object' && address ? `http://${listen.host}:${address.port}/` : '';
      this.log({ event: 'http', message: `dashboard ${where} · metrics ${where}metrics · health ${where}health`, url: where });
    } catch (error) {
      // Healing matters more than the dashboard: a taken port is reported, not fatal.
      this.log({ event: 'error', message: `cannot serve http on ${listen.host}:${listen.port}: ${(error as Error).message}; healing continues without the dashboard` });
    }
  }

  /** Finishes the action in flight, flushes state, releases the lock; workers keep running. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const timer of this.intervals) clearInterval(timer);
    for (const timer of this.debounce.values()) clearTimeout(timer);
    this.timers.clearAll();
    this.folders?.close();
    await this.watcher?.close();
    await this.runner.stop();
    this.liveness.clear();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    await this.writeHeartbeat(true);
    await this.lock.release();
    this.log({ event: 'stop', message: `healmap watch stopped after ${this.cycles} cycles; workers left running` });
  }

  /** Resolves once no cycle is running or waiting (for tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.runner.busy) await new Promise((r) => setTimeout(r, 10));
  }

  /** The address the HTTP endpoint listens on, when it runs. */
  get httpPort(): number | null {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : null;
  }

  private request(job: Job): void {
    if (!this.stopping) this.runner.request(job);
  }

  private async runJob(job: Job): Promise<void> {
    const started = Date.now();
    const trigger = job.full ? [...job.triggers].find((t) => t === 'start' || t === 'interval' || t === 'map') ?? 'interval' : [...job.triggers].join('+');
    const only = job.full ? undefined : affectedScope(this.map.graph, job.ids);
    if (only && only.size === 0) return;
    const result = await runHealCycle(this.map, {
      only,
      failedAt: job.failedAt,
      onAction: (done) => {
        this.metrics.observeAction(done);
        this.log(actionEvent(done));
        const failedAt = job.failedAt.get(done.action.target);
        if (done.result === 'succeeded' && failedAt !== undefined) this.metrics.observeRecovery((Date.now() - failedAt) / 1000);
      },
      onWorkerExit: (id, pid, code, signal) => this.onWorkerExit(id, pid, code, signal),
      onStopping: (id, pid) => {
        this.expectedExits.add(pid);
        this.liveness.untrack(id);
      },
    });
    for (const problem of result.persistErrors) this.log({ event: 'error', message: problem });
    this.cycles++;
    this.lastCycleMs = Date.now() - started;
    this.metrics.observeCycle(trigger, this.lastCycleMs / 1000);
    this.metrics.observeDiagnosis(result.after, job.full);
    if (job.full) {
      this.lastStatus = result.after.status;
      this.log({ event: 'cycle', message: `cycle ${this.cycles} (${trigger}): ${summarize(result.after)} · ${this.lastCycleMs} ms`, status: result.after.status, durationMs: this.lastCycleMs, cycle: this.cycles });
    }
    this.trackWorkers(result.after);
    this.scheduleDeadlines(result.after);
    if (job.full) {
      await this.rotateLogs();
      await this.writeHeartbeat();
    }
  }

  // Remembers live worker pids to poll, for workers this agent adopted rather than started.
  private trackWorkers(diagnosis: Diagnosis): void {
    for (const c of diagnosis.components) {
      if (c.kind !== 'worker') continue;
      if (c.facts.state === 'running' && typeof c.facts.pid === 'number') this.liveness.track(c.id, c.facts.pid);
      else this.liveness.untrack(c.id);
    }
  }

  private scheduleDeadlines(diagnosis: Diagnosis): void {
    for (const c of diagnosis.components) {
      if (c.kind !== 'file') continue;
      if (c.facts.exists === true) this.presentFiles.add(c.id);
      else if (c.facts.exists === false) this.presentFiles.delete(c.id);
      const file = this.map.graph.nodes.get(c.id);
      const mtimeMs = c.facts.mtimeMs;
      if (file?.kind !== 'file' || file.freshWithinMs === null || typeof mtimeMs !== 'number') continue;
      // A file already past its SLA has been diagnosed; the next write re-arms its timer.
      if (mtimeMs + file.freshWithinMs > Date.now()) this.timers.schedule(c.id, mtimeMs, file.freshWithinMs);
    }
  }

  private onWorkerExit(id: ComponentId, pid: number, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.expectedExits.delete(pid) || this.stopping) return;
    this.liveness.untrack(id);
    this.detected(id, `exited (${signal ?? `code ${code}`})`, Date.now(), 'exit');
  }

  private pollLiveness(): void {
    for (const { id, pid, state } of this.liveness.poll(LIVENESS_READS_PER_POLL)) {
      this.detected(id, state === 'stopped' ? `pid ${pid} is stopped (SIGSTOP)` : `pid ${pid} is gone`, Date.now(), state === 'stopped' ? 'stopped' : 'exit');
    }
  }

  private onStale(id: ComponentId, deadline: number): void {
    this.detected(id, `passed its freshness deadline`, deadline, 'stale');
  }

  private detected(id: ComponentId, what: string, failedAt: number, trigger: string): void {
    const now = Date.now();
    this.metrics.observeDetection((now - failedAt) / 1000);
    this.log({ event: 'detected', message: `detected ${id.slice(id.indexOf(':') + 1)} ${what}`, component: id, trigger, detectMs: now - failedAt });
    this.request({ full: false, ids: new Set([id]), failedAt: new Map([[id, failedAt]]), triggers: new Set([trigger]) });
  }

  private startWatching(): void {
    const { rootDir } = this.map.model;
    const paths = mapPaths(this.map.model);
    // Data files are watched through their folders (one watch per folder, however many files);
    // configs, few and edited by people with editors that save by rename, through chokidar.
    const files = new Map<string, FileSpec>();
    const byFolder = new Map<string, FileSpec[]>();
    for (const file of this.map.model.files) {
      const path = paths.absolute(file.path);
      files.set(path, file);
      const folder = dirname(path);
      const list = byFolder.get(folder);
      if (list) list.push(file);
      else byFolder.set(folder, [file]);
    }
    const configs = new Map<string, ComponentId>();
    for (const config of this.map.model.configs) configs.set(paths.absolute(config.path), config.id);
    const mapPath = resolve(this.map.model.mapPath);
    const recheckFolder = (folder: string): void => {
      for (const file of byFolder.get(folder) ?? []) this.onFileEvent(file, paths.absolute(file.path));
    };
    this.folders = new FolderWatcher(
      (path) => {
        const file = files.get(path);
        if (file) this.onFileEvent(file, path);
      },
      recheckFolder,
      (folder, error) => this.log({ event: 'error', message: `cannot watch ${folder}: ${error.message}; its files are checked each cycle` }),
    );
    for (const folder of byFolder.keys()) this.folders.watch(folder);
    // chokidar watches from the map's folder down only the folders that lead to declared paths,
    // so a folder created later (out/ on a fresh clone) is picked up, and nothing else is walked.
    const ancestors = new Set<string>([rootDir]);
    let depth = 0;
    for (const path of [...files.keys(), ...configs.keys()]) {
      const parts = relative(rootDir, path).split(sep);
      depth = Math.max(depth, parts.length);
      for (let i = 1; i < parts.length; i++) ancestors.add(join(rootDir, ...parts.slice(0, i)));
    }
    this.watcher = chokidar.watch(rootDir, {
      depth,
      ignoreInitial: true,
      ignored: (path) => !(ancestors.has(path) || configs.has(path) || path === mapPath),
    });
    this.watcher.on('all', (event, path) => {
      if (path === mapPath) {
        if (event === 'change' || event === 'add') this.debounced('map:', () => void this.reloadMap());
        return;
      }
      if (event === 'addDir' || event === 'unlinkDir') {
        if (!byFolder.has(path)) return;
        if (event === 'addDir') this.folders?.watch(path);
        else this.folders?.unwatch(path);
        recheckFolder(path);
        return;
      }
      const id = configs.get(path);
      if (!id) return;
      if (event === 'unlink') {
        const goneAt = Date.now();
        this.debounced(id, () => this.detected(id, 'was deleted', goneAt, 'deleted'));
      } else if (event === 'add' || event === 'change') {
        this.debounced(id, () => this.request({ full: false, ids: new Set([id]), failedAt: new Map(), triggers: new Set(['config-changed']) }));
      }
    });
    this.watcher.on('error', (error) => this.log({ event: 'error', message: `watcher: ${(error as Error).message}` }));
    this.watcher.once('ready', () => this.log({ event: 'watching', message: `watching ${files.size} files in ${this.folders?.size ?? 0} of ${byFolder.size} folders (the rest once created), ${configs.size} configs and the map for changes` }));
  }

  // Something happened to a data file: re-arm its freshness deadline, or report it deleted once
  // it stays gone past the debounce (a writer replacing it by rename leaves it gone briefly).
  private onFileEvent(file: FileSpec, path: string): void {
    let seen: FileProbe;
    try {
      seen = probeFile(path, Date.now());
    } catch {
      return; // EACCES and the like: the next full cycle reports it as a probe finding
    }
    if (seen.exists) {
      this.presentFiles.add(file.id);
      if (file.freshWithinMs !== null && seen.mtimeMs !== null) this.timers.schedule(file.id, seen.mtimeMs, file.freshWithinMs);
      return;
    }
    this.timers.clear(file.id);
    // Only a file seen to exist can be deleted; one that never existed is the cycle's business.
    if (!this.presentFiles.delete(file.id)) return;
    const goneAt = Date.now();
    this.debounced(file.id, () => {
      if (!existsSync(path)) this.detected(file.id, 'was deleted', goneAt, 'deleted');
    });
  }

  private debounced(key: string, run: () => void): void {
    clearTimeout(this.debounce.get(key));
    const timer = setTimeout(() => {
      this.debounce.delete(key);
      if (!this.stopping) run();
    }, this.map.model.settings.debounceMs);
    timer.unref();
    this.debounce.set(key, timer);
  }

  // A valid new map is adopted; an invalid one is reported and the old graph keeps running.
  private async reloadMap(): Promise<void> {
    const next = await loadMap(this.options.mapPath);
    if (!next.ok) {
      const errors = next.messages.filter((m) => m.severity === 'error');
      this.log({ event: 'map-invalid', message: `map edited with ${errors.length} error(s); keeping the previous map running`, errors: errors.map((m) => formatMessage(next.label, m)) });
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
    this.metrics.resetComponents();
    this.timers.clearAll();
    this.presentFiles.clear();
    this.folders?.close();
    await this.watcher?.close();
    this.startWatching();
    this.log({ event: 'map-reloaded', message: `map reloaded: ${next.model.workers.length} workers, ${next.model.files.length} files, ${next.model.configs.length} configs` });
    this.request({ full: true, ids: new Set(), failedAt: new Map(), triggers: new Set(['map']) });
  }

  private async freshDiagnosis(): Promise<Diagnosis> {
    return (await checkSystem(this.map)).diagnosis;
  }

  private heartbeat(stopped = false): Record<string, unknown> {
    return {
      pid: process.pid, mapPath: this.map.model.mapPath, startedAt: new Date(this.startedAt).toISOString(), writtenAt: new Date().toISOString(),
      cycles: this.cycles, lastCycleMs: this.lastCycleMs, status: this.lastStatus ?? 'unknown', stopped,
      memory: process.memoryUsage(),
    };
  }

  private async writeHeartbeat(stopped = false): Promise<void> {
    try {
      await writeFileAtomic(mapPaths(this.map.model).state.heartbeat, `${JSON.stringify(this.heartbeat(stopped), null, 2)}\n`);
    } catch (error) {
      this.log({ event: 'error', message: `heartbeat: ${(error as Error).message}` });
    }
  }

  private async rotateLogs(): Promise<void> {
    const paths = mapPaths(this.map.model);
    for (const worker of this.map.model.workers) await rotateLog(paths.log(worker.name), this.map.model.settings.logMaxBytes);
  }
}
