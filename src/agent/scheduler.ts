import type { ComponentId } from '../map/types.js';
import { CoalescingRunner } from './coalescing-runner.js';

/** One request for healing: the whole map, or the components an event touched. */
export interface HealRequest {
  /** A full cycle over the whole map (start, interval, map reloaded). */
  full: boolean;
  /** The components an event touched; their affected scope is healed. */
  ids: Set<ComponentId>;
  /** When each component was seen failing, for time-to-recover figures. */
  failedAt: Map<ComponentId, number>;
  /** What asked: `start`, `interval`, `map`, `exit`, `stale`, `retry`, ... */
  triggers: Set<string>;
}

/**
 * The daemon's one scheduler: every event source (child exits, the liveness poller, the data-file
 * watcher, the config/map watcher, staleness timers, and the timers to come — health checks, job
 * schedules, retries) feeds it requests, and it runs them as healing passes.
 *
 * API for event sources (keep to these three):
 * - `full(trigger)` asks for a full cycle over the whole map;
 * - `scope(ids, trigger, failedAt?)` asks to heal the affected scope of `ids` (failedAt: when
 *   each one was seen failing, for recovery-time figures);
 * - `every(ms, trigger)` asks for a full cycle every `ms` until `stop()`.
 * Requests arriving while a pass runs are merged into the next one; requests after `stop()` are dropped.
 */
export class HealScheduler {
  private readonly runner: CoalescingRunner<HealRequest>;
  private readonly intervals: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(run: (request: HealRequest) => Promise<void>, onError: (error: unknown) => void) {
    this.runner = new CoalescingRunner<HealRequest>(run, mergeRequests, onError);
  }

  /** Asks for a full cycle over the whole map. */
  full(trigger: string): void {
    this.request({ full: true, ids: new Set(), failedAt: new Map(), triggers: new Set([trigger]) });
  }

  /** Asks to heal the affected scope of `ids`. */
  scope(ids: Iterable<ComponentId>, trigger: string, failedAt: Map<ComponentId, number> = new Map()): void {
    this.request({ full: false, ids: new Set(ids), failedAt, triggers: new Set([trigger]) });
  }

  /** Asks for a full cycle every `ms` until stopped. */
  every(ms: number, trigger: string): void {
    if (!this.stopped) this.intervals.push(setInterval(() => this.full(trigger), ms));
  }

  /** Adds a request (merged with any waiting one). */
  request(request: HealRequest): void {
    if (!this.stopped) this.runner.request(request);
  }

  /** Whether a pass is running or waiting. */
  get busy(): boolean {
    return this.runner.busy;
  }

  /** Drops waiting requests and resolves once the pass in flight has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.intervals) clearInterval(timer);
    await this.runner.stop();
  }
}

function mergeRequests(a: HealRequest, b: HealRequest): HealRequest {
  return { full: a.full || b.full, ids: new Set([...a.ids, ...b.ids]), failedAt: new Map([...a.failedAt, ...b.failedAt]), triggers: new Set([...a.triggers, ...b.triggers]) };
}
