import type { ComponentId } from '../map/types.js';

/**
 * One timer per file with an SLA, due at mtime + SLA, so a file going stale is noticed within a
 * second of its deadline instead of at the next cycle. A write reschedules it.
 */
export class StalenessTimers {
  private readonly timers = new Map<ComponentId, { timer: NodeJS.Timeout; deadline: number }>();

  constructor(private readonly onDue: (id: ComponentId, deadline: number) => void) {}

  /** (Re)schedules a file's deadline from its modification time. */
  schedule(id: ComponentId, mtimeMs: number, freshWithinMs: number): void {
    const deadline = mtimeMs + freshWithinMs;
    // Every full cycle re-reports every file; an unchanged deadline keeps its timer.
    if (this.timers.get(id)?.deadline === deadline) return;
    this.clear(id);
    // Node timers top out at ~24.8 days; a longer SLA is re-armed when that timer fires.
    const delay = Math.min(Math.max(0, deadline - Date.now()) + 50, 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.timers.delete(id);
      if (Date.now() >= deadline) this.onDue(id, deadline);
      else this.schedule(id, mtimeMs, freshWithinMs);
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
  }

  get size(): number {
    return this.timers.size;
  }
}
