import type { Diagnosis } from '../diagnose/types.js';
import type { AgentState } from '../history/agent-state.js';
import type { ComponentId } from '../map/types.js';

// Fires this long after the backoff ends, so the planner, reading the clock, sees it expired.
const SLACK_MS = 20;

/**
 * Event source for retries: a component still unhealthy after a pass, whose next attempt waits
 * for its backoff (or its slow retry after escalation), gets a timer due when that wait ends, so
 * the retry runs then rather than at the next interval cycle.
 */
export class RetryTimers {
  private readonly timers = new Map<ComponentId, { timer: NodeJS.Timeout; at: number }>();

  constructor(private readonly onDue: (id: ComponentId) => void) {}

  /** Arms or clears the timer of every component a pass diagnosed, from the state it left. */
  observe(diagnosis: Diagnosis, state: AgentState, now = Date.now()): void {
    for (const c of diagnosis.components) {
      const at = state.components[c.id]?.nextAttemptAt ?? null;
      if (c.status !== 'ok' && at !== null && at > now) this.schedule(c.id, at, now);
      else this.clear(c.id);
    }
  }

  /** Whether a component's retry is armed. */
  has(id: ComponentId): boolean {
    return this.timers.has(id);
  }

  /** Cancels every retry. */
  close(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(id: ComponentId, at: number, now: number): void {
    if (this.timers.get(id)?.at === at) return;
    this.clear(id);
    const timer = setTimeout(() => {
      this.timers.delete(id);
      this.onDue(id);
    }, Math.min(at - now + SLACK_MS, 2 ** 31 - 1));
    timer.unref();
    this.timers.set(id, { timer, at });
  }

  private clear(id: ComponentId): void {
    const entry = this.timers.get(id);
    if (entry) clearTimeout(entry.timer);
    this.timers.delete(id);
  }
}
