/**
 * Event source for jobs: each scheduled job's next run is a timer, and a job's end is told apart
 * from a crash. A run that exits 0 is logged as finished (and its scope re-checked, so what waits
 * on it starts); only a failed run is a detection.
 */
import { mapPaths } from '../fs/state-paths.js';
import type { Diagnosis } from '../diagnose/types.js';
import type { LoadedMap } from '../map/load-map.js';
import type { ComponentId, WorkerSpec } from '../map/types.js';
import { jobRecordPath, readJobRecord, recordsRuns } from '../probe/probe-job.js';
import type { LogEvent } from './daemon-log.js';
import type { Detection } from './detection.js';

// setTimeout holds at most 2^31-1 ms; a far run is re-armed from an hourly check instead.
const MAX_TIMER_MS = 3_600_000;

/** What the job events feed: the scheduler's scope requests, and the daemon's log. */
export interface JobEventSinks {
  scope: (ids: ComponentId[], trigger: string) => void;
  report: (detection: Detection) => void;
  log: (event: LogEvent) => void;
}

/** Schedule timers and run endings of a map's jobs. */
export class JobEvents {
  private readonly timers = new Map<ComponentId, { at: number; timer: NodeJS.Timeout }>();
  private closed = false;

  constructor(private map: LoadedMap, private readonly sinks: JobEventSinks) {}

  /** Adopts a reloaded map: timers of jobs no longer in it are dropped at the next observe. */
  setMap(map: LoadedMap): void {
    this.map = map;
    this.clearTimers();
  }

  /**
   * Handles a detection about a worker whose runs are recorded: a run that ended with exit 0 is
   * no incident. True when handled here (the daemon then reports nothing).
   */
  intercept(detection: Detection): boolean {
    if (detection.trigger !== 'exit') return false;
    const worker = this.map.graph.nodes.get(detection.id);
    if (worker?.kind !== 'worker' || !recordsRuns(worker)) return false;
    const record = readRecord(this.map, worker);
    if (record && record.finishedAt !== null && record.exitCode === 0) {
      const took = ((record.finishedAt - record.startedAt) / 1000).toFixed(1);
      this.sinks.log({ event: 'job-finished', message: `${worker.name} finished (exit 0) in ${took} s`, component: worker.id, exitCode: 0, durationMs: record.finishedAt - record.startedAt });
      this.sinks.scope([worker.id], 'job-finished');
      return true;
    }
    const how = record?.finishedAt != null ? `run failed (exit ${record.exitCode})` : detection.what;
    this.sinks.report({ ...detection, what: how, trigger: worker.type === 'job' ? 'job-failed' : detection.trigger });
    return true;
  }

  /** Arms each scheduled job's timer from a diagnosis (its `nextRunAt` fact). */
  observe(diagnosis: Diagnosis): void {
    if (this.closed) return;
    for (const c of diagnosis.components) {
      if (c.kind !== 'worker' || typeof c.facts.nextRunAt !== 'string') continue;
      if (c.facts.state === 'running') continue; // it is running now; its end re-checks it
      this.arm(c.id, Date.parse(c.facts.nextRunAt));
    }
  }

  /** Stops every timer. */
  close(): void {
    this.closed = true;
    this.clearTimers();
  }

  private arm(id: ComponentId, at: number): void {
    const existing = this.timers.get(id);
    if (existing?.at === at) return;
    if (existing) clearTimeout(existing.timer);
    const delay = Math.max(0, at - Date.now());
    const timer = setTimeout(() => {
      this.timers.delete(id);
      if (this.closed) return;
      if (delay >= MAX_TIMER_MS) {
        this.sinks.scope([id], 'schedule-check');
        return;
      }
      this.sinks.log({ event: 'schedule', message: `${id.slice(id.indexOf(':') + 1)} is due (schedule)`, component: id });
      this.sinks.scope([id], 'schedule');
    }, Math.min(delay, MAX_TIMER_MS));
    timer.unref();
    this.timers.set(id, { at, timer });
  }

  private clearTimers(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

function readRecord(map: LoadedMap, worker: WorkerSpec): ReturnType<typeof readJobRecord> {
  try {
    return readJobRecord(jobRecordPath(mapPaths(map.model).state, worker.name));
  } catch {
    return null;
  }
}
