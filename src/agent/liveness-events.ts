import type { ComponentId } from '../map/types.js';
import type { Detection } from './detection.js';
import { LivenessPoller } from './liveness-poller.js';

const LIVENESS_POLL_MS = 1000;
// /proc reads per poll: up to this many workers are each seen every second; more take turns.
const LIVENESS_READS_PER_POLL = 250;

/**
 * Event source for what no child exit reports: an adopted worker dying and a worker frozen by
 * SIGSTOP, found by polling tracked pids every second (see LivenessPoller).
 */
export class LivenessEvents {
  private readonly poller = new LivenessPoller();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly report: (detection: Detection) => void) {
    this.timer = setInterval(() => this.poll(), LIVENESS_POLL_MS);
  }

  /** Watches a worker's live pid (a worker adopted, or seen running by a cycle). */
  track(id: ComponentId, pid: number): void {
    this.poller.track(id, pid);
  }

  /** Stops watching a worker (it exited, is being restarted, or left the map). */
  untrack(id: ComponentId): void {
    this.poller.untrack(id);
  }

  /** Stops polling and closes every descriptor. */
  close(): void {
    clearInterval(this.timer);
    this.poller.clear();
  }

  private poll(): void {
    for (const { id, pid, state } of this.poller.poll(LIVENESS_READS_PER_POLL)) {
      const stopped = state === 'stopped';
      this.report({ id, what: stopped ? `pid ${pid} is stopped (SIGSTOP)` : `pid ${pid} is gone`, failedAt: Date.now(), trigger: stopped ? 'stopped' : 'exit' });
    }
  }
}
