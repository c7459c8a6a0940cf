import type { ComponentId } from '../map/types.js';

/**
 * One timer per file with an SLA, due at mtime + SLA, so a file going stale is noticed within a
 * second of its deadline instead of at the next cycle. Writes do not touch the timer: when it
 * fires, the file's modification time is read once (`readMtime`) and the timer re-armed from it
 * if the file was written since — one stat per SLA period, however often the file is written.
 */
export class StalenessTimers {
  private readonly timers = new Map<ComponentId, { timer: NodeJS.Timeout; deadline: number }>();
  // The deadline last reported per file: a file read again while still past it is not reported twice.
  private readonly reported = new Map<ComponentId, number>();

  constructor(
    private readonly onDue: (id: ComponentId, deadline: number) => void,
    /** The file's modification time now; null when it is gone (its deletion is reported elsewhere). */
    private readonly readMtime: (id: ComponentId) => number | null,
  ) {}

  /** Whether a file's deadline is armed. */
  has(id: ComponentId): boolean {
    return this.timers.has(id);
  }

  /** (Re)schedules a file's deadline from its modification time. */
  schedule(id: ComponentId, mtimeMs: number, freshWithinMs: number): void {
    const deadline = mtimeMs + freshWithinMs;
    // Every full cycle re-reports every file; an unchanged deadline keeps its timer.
    if (this.timers.get(id)?.deadline === deadline) return;
    this.clear(id);
    if (this.reported.get(id) === deadline) return;
    // Node timers top out at ~24.8 days; a longer SLA is re-armed when that timer fires.
    const delay = Math.min(Math.max(0, deadline - Date.now()) + 50, 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.timers.delete(id);
      const latest = this.readMtime(id);
      if (latest === null) return;
      if (latest > mtimeMs) this.schedule(id, latest, freshWithinMs);
      else if (Date.now() < deadline) this.schedule(id, mtimeMs, freshWithinMs);
      else {
        this.reported.set(id, deadline);
        this.onDue(id, deadline);
      }
    }, delay);
    timer.unref();
    this.timers.set(id, { timer, deadline });
  }

  clear(id: ComponentId): void {
    const entry = this.timers.get(id);
    if (entry) clearTimeout(entry.timer);
    this.timers.delete(id);
  }

  clearAll(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.reported.clear();
  }

  get size(): number {
    return this.timers.size;
  }
}
