import type { ComponentId } from '../map/types.js';

/**
 * One timer per file with an SLA, due at mtime + SLA, so a file going stale is noticed within a
 * second of its deadline instead of at the next cycle. A write reschedules it.
 */
export class StalenessTimers {
  private readonly timers = new Map<ComponentId, NodeJS.Timeout>();

  constructor(private readonly onDue: (id: ComponentId, deadline: number) => void) {}

  /** (Re)schedules a file's deadline from its modification time. */
  schedule(id: ComponentId, mtimeMs: number, freshWithinMs: number): void {
    this.clear(id);
    const deadline = mtimeMs + freshWithinMs;
    // Node timers top out at ~24.8 days; a longer SLA is re-armed when that timer fires.
    const delay = Math.min(Math.max(0, deadline - Date.now()) + 50, 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.timers.delete(id);
      if (Date.now() >= deadline) this.onDue(id, deadline);
      else this.schedule(id, mtimeMs, freshWithinMs);
    }, delay);
    timer.unref();
    this.timers.set(id, timer);
  }

  clear(id: ComponentId): void {
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
  }

  clearAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  get size(): number {
    return this.timers.size;
  }
}
