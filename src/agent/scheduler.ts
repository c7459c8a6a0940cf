import type { ComponentId } from '../map/types.js';

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

/** A request about to run, with the part of the graph it may touch (undefined: all of it). */
export interface ScheduledPass {
  request: HealRequest;
  scope: Set<ComponentId> | undefined;
}

interface Pending extends ScheduledPass {}

/**
 * The daemon's one scheduler: every event source (child exits, the liveness poller, the data-file
 * watcher, the config/map watcher, staleness timers, retry timers, and the timers to come — health
 * checks, job schedules) feeds it requests, and it runs them as healing passes.
 *
 * API for event sources (keep to these three):
 * - `full(trigger)` asks for a full cycle over the whole map;
 * - `scope(ids, trigger, failedAt?)` asks to heal the affected scope of `ids` (failedAt: when
 *   each one was seen failing, for recovery-time figures);
 * - `every(ms, trigger)` asks for a full cycle every `ms` until `stop()`.
 *
 * Passes whose scopes are disjoint run side by side (two independent workers killed together are
 * repaired together, neither waiting on the other's start verification); a request overlapping a
 * running or waiting pass is merged into one waiting pass; a full cycle waits until nothing runs
 * and absorbs the scoped requests that arrive meanwhile. Requests after `stop()` are dropped.
 */
export class HealScheduler {
  private readonly running = new Set<{ scope: Set<ComponentId> | undefined; done: Promise<void> }>();
  private pending: Pending[] = [];
  private readonly intervals: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(
    private readonly run: (pass: ScheduledPass) => Promise<void>,
    /** The components a request's pass may touch (the affected scope of its ids). */
    private readonly scopeOf: (ids: Set<ComponentId>) => Set<ComponentId>,
    private readonly onError: (error: unknown) => void,
  ) {}

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

  /** Adds a request, merged with any waiting one it overlaps. */
  request(request: HealRequest): void {
    if (this.stopped) return;
    const waitingFull = this.pending.find((p) => p.request.full);
    if (request.full || waitingFull) {
      // A full cycle covers everything: every waiting request folds into it.
      let merged = request;
      for (const p of this.pending) merged = mergeRequests(merged, p.request);
      this.pending = [{ request: { ...merged, full: true }, scope: undefined }];
    } else {
      let scope = this.scopeOf(request.ids);
      let merged = request;
      // Fold in every waiting request this one overlaps (and, through it, each other).
      const rest: Pending[] = [];
      for (const p of this.pending) {
        if (p.scope && overlaps(p.scope, scope)) {
          merged = mergeRequests(p.request, merged);
          scope = new Set([...p.scope, ...scope]);
        } else rest.push(p);
      }
      this.pending = [...rest, { request: merged, scope }];
    }
    this.pump();
  }

  /** Whether a pass is running or waiting. */
  get busy(): boolean {
    return this.running.size > 0 || this.pending.length > 0;
  }

  /** Drops waiting requests and resolves once the passes in flight have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.intervals) clearInterval(timer);
    this.pending = [];
    await Promise.all([...this.running].map((r) => r.done));
  }

  // Starts every waiting pass that can run now: a full one when nothing runs, a scoped one when
  // it touches nothing running.
  private pump(): void {
    const still: Pending[] = [];
    for (const p of this.pending) {
      const free = p.scope === undefined
        ? this.running.size === 0
        : ![...this.running].some((r) => r.scope === undefined || overlaps(r.scope, p.scope as Set<ComponentId>));
      if (free && !this.stopped) this.start(p);
      else still.push(p);
    }
    this.pending = still;
  }

  private start(pass: Pending): void {
    const entry = { scope: pass.scope, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        await this.run(pass);
      } catch (error) {
        this.onError(error);
      } finally {
        this.running.delete(entry);
        this.pump();
      }
    })();
    this.running.add(entry);
  }
}

function overlaps(a: Set<ComponentId>, b: Set<ComponentId>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const id of small) if (large.has(id)) return true;
  return false;
}

function mergeRequests(a: HealRequest, b: HealRequest): HealRequest {
  return { full: a.full || b.full, ids: new Set([...a.ids, ...b.ids]), failedAt: new Map([...a.failedAt, ...b.failedAt]), triggers: new Set([...a.triggers, ...b.triggers]) };
}
