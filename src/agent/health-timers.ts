/**
 * Event source for health checks: each running worker that declares a check is asked on its own
 * timer (its `health period`), a bounded number at once, never inside a healing cycle. Results
 * are folded into a verdict with the check's thresholds; a worker turning unhealthy is reported
 * to the scheduler, and the cycles read the verdicts instead of running the checks again.
 */
import type { Diagnosis } from '../diagnose/types.js';
import type { ComponentId, MapModel, WorkerSpec } from '../map/types.js';
import { checkWorkerHealth, foldHealth, type HealthVerdict } from '../probe/probe-health.js';
import { processStartedAtMs, readBootTimeMs } from '../probe/process-identity.js';
import { readProcStatSync } from '../probe/proc-stat.js';
import { readWorkerEnvironment, type WorkerEnvironment } from '../probe/worker-environment.js';
import type { Detection } from './detection.js';

/** The health-check timers of one daemon. */
export class HealthTimers {
  /** The latest verdict per worker, read by every cycle's probe. */
  readonly verdicts = new Map<ComponentId, HealthVerdict>();
  private readonly timers = new Map<ComponentId, { timer: NodeJS.Timeout; pid: number; startTicks: number | null }>();
  private running = 0;
  private closed = false;
  // Each worker's env file and account, read once per map load rather than on every tick (a
  // check every few seconds would re-read the env file and /etc/passwd each time). A failed
  // read is not kept: the next tick tries again.
  private environments = new Map<ComponentId, WorkerEnvironment>();
  private environmentsOf: MapModel | null = null;

  constructor(
    private readonly model: () => MapModel,
    private readonly report: (detection: Detection) => void,
    private readonly concurrency: () => number,
  ) {}

  /** Follows a cycle's view: a timer for each running worker with a check, none for the rest. */
  observe(diagnosis: Diagnosis): void {
    if (this.closed) return;
    const workers = new Map(this.model().workers.map((w) => [w.id, w]));
    for (const c of diagnosis.components) {
      if (c.kind !== 'worker') continue;
      const worker = workers.get(c.id);
      const pid = typeof c.facts.pid === 'number' ? c.facts.pid : null;
      const current = this.timers.get(c.id);
      if (!worker?.health || c.facts.state !== 'running' || pid === null) {
        this.untrack(c.id);
        continue;
      }
      if (current?.pid === pid) continue;
      this.untrack(c.id);
      this.schedule(worker, pid, readProcStatSync(pid)?.startTicks ?? null);
    }
    for (const id of this.timers.keys()) if (!workers.get(id)?.health) this.untrack(id);
  }

  /** Forgets a worker (stopped on purpose, restarted, or left the map). */
  untrack(id: ComponentId): void {
    const entry = this.timers.get(id);
    if (entry) clearTimeout(entry.timer);
    this.timers.delete(id);
    this.verdicts.delete(id);
  }

  /** Stops every timer. */
  close(): void {
    this.closed = true;
    for (const id of [...this.timers.keys()]) this.untrack(id);
  }

  private schedule(worker: WorkerSpec, pid: number, startTicks: number | null): void {
    const period = worker.health?.periodMs ?? 10_000;
    const timer = setTimeout(() => void this.tick(worker, pid, startTicks), period);
    timer.unref();
    this.timers.set(worker.id, { timer, pid, startTicks });
  }

  private async tick(worker: WorkerSpec, pid: number, startTicks: number | null): Promise<void> {
    const check = worker.health;
    if (!check || this.closed || this.timers.get(worker.id)?.pid !== pid) return;
    // Bounded: a tick that finds every slot busy waits for its next period.
    if (this.running >= this.concurrency()) {
      this.schedule(worker, pid, startTicks);
      return;
    }
    this.running++;
    let result;
    try {
      const model = this.model();
      result = await checkWorkerHealth(model, worker, await this.environmentOf(model, worker));
    } finally {
      this.running--;
    }
    if (this.closed || this.timers.get(worker.id)?.pid !== pid) return;
    const stat = readProcStatSync(pid);
    if (!stat || stat.startTicks !== startTicks) {
      this.untrack(worker.id);
      return;
    }
    const now = Date.now();
    const previous = this.verdicts.get(worker.id) ?? null;
    const verdict = foldHealth(previous, result, check, { pid, startTicks, uptimeMs: now - processStartedAtMs(stat, readBootTimeMs()) }, now);
    this.verdicts.set(worker.id, verdict);
    this.schedule(worker, pid, startTicks);
    if (!verdict.healthy && (previous?.healthy ?? true)) {
      this.report({ id: worker.id, what: `failed its health check ${verdict.consecutiveFailures} times in a row (${result.detail})`, failedAt: now, trigger: 'health' });
    }
  }

  private async environmentOf(model: MapModel, worker: WorkerSpec): Promise<WorkerEnvironment> {
    if (this.environmentsOf !== model) {
      this.environments = new Map();
      this.environmentsOf = model;
    }
    const known = this.environments.get(worker.id);
    if (known) return known;
    const read = await readWorkerEnvironment(model, worker);
    if (read.ok && this.environmentsOf === model) this.environments.set(worker.id, read);
    return read;
  }
}
