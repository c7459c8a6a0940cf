import type { ComponentId } from '../map/types.js';
import { readProcStatSync } from '../probe/proc-stat.js';
import { ChildSignals } from './child-signals.js';
import type { Detection } from './detection.js';
import { LivenessPoller, type LivenessChange } from './liveness-poller.js';

/** How often tracked pids are read; all optional (tests slow a poll down to prove the events). */
export interface LivenessOptions {
  /** Workers this process did not start (an earlier agent's, a daemonizing program's): no event exists for them. */
  adoptedPollMs?: number;
  /** This process's own children: their stops and deaths arrive as SIGCHLD; the poll is a safety net only. */
  childPollMs?: number;
}

type ResolvedLivenessOptions = Required<LivenessOptions>;

const DEFAULTS: ResolvedLivenessOptions = { adoptedPollMs: 1000, childPollMs: 10_000 };
// /proc reads per poll: up to this many workers are each seen every period; more take turns.
const LIVENESS_READS_PER_POLL = 250;
// SIGCHLD bursts (health-check commands reaped, repairs) read the children at most once a second,
// and never more than LIVENESS_READS_PER_POLL of them a second: as often as the old poll saw each.
const CHILD_READ_GAP_MS = 1000;

/** One set of tracked pids and the timer that polls it, armed only while it tracks any. */
class PolledSet {
  readonly poller = new LivenessPoller();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly periodMs: number, private readonly onChanges: (changes: readonly LivenessChange[]) => void) {}

  track(id: ComponentId, pid: number): void {
    this.poller.track(id, pid);
    this.timer ??= setInterval(() => this.poll(LIVENESS_READS_PER_POLL), this.periodMs);
  }

  untrack(id: ComponentId): void {
    this.poller.untrack(id);
    this.disarmWhenEmpty();
  }

  poll(budget = Infinity): void {
    if (this.poller.size === 0) return;
    const changes = this.poller.poll(budget);
    this.disarmWhenEmpty();
    this.onChanges(changes);
  }

  clear(): void {
    this.poller.clear();
    this.disarmWhenEmpty();
  }

  private disarmWhenEmpty(): void {
    if (this.poller.size > 0 || this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
  }
}

/**
 * Event source for what no child exit reports: a worker frozen by SIGSTOP, and an adopted worker
 * dying. A worker this process started is its child (the launcher execs it): its stop arrives as
 * SIGCHLD, which reads the stat of the children only; they are polled every 10 s as a safety net.
 * Adopted workers (not our children) send no event and are polled every second. With no worker
 * of a kind tracked, its timer is not armed: an idle daemon over its own children wakes for none.
 */
export class LivenessEvents {
  private readonly children: PolledSet;
  private readonly adopted: PolledSet;
  // Which set holds each tracked worker.
  private readonly holder = new Map<ComponentId, PolledSet>();
  private readonly signals: ChildSignals;

  constructor(private readonly report: (detection: Detection) => void, options: LivenessOptions = {}) {
    const { adoptedPollMs, childPollMs } = { ...DEFAULTS, ...options };
    const onChanges = (changes: readonly LivenessChange[]): void => this.reportChanges(changes);
    this.children = new PolledSet(childPollMs, onChanges);
    this.adopted = new PolledSet(adoptedPollMs, onChanges);
    this.signals = new ChildSignals(() => this.children.poll(), () => CHILD_READ_GAP_MS * Math.max(1, this.children.poller.size / LIVENESS_READS_PER_POLL));
  }

  /** Watches a worker's live pid (a worker started, adopted, or seen running by a cycle). */
  track(id: ComponentId, pid: number): void {
    const current = this.holder.get(id);
    if (current?.poller.has(id, pid)) return;
    this.untrack(id);
    // The parent is read once, when the pid is first seen: a child stays our child.
    const set = readProcStatSync(pid)?.ppid === process.pid ? this.children : this.adopted;
    set.track(id, pid);
    this.holder.set(id, set);
  }

  /** Stops watching a worker (it exited, is being restarted, or left the map). */
  untrack(id: ComponentId): void {
    this.holder.get(id)?.untrack(id);
    this.holder.delete(id);
  }

  /** Stops polling and listening, and closes every descriptor. */
  close(): void {
    this.signals.close();
    this.children.clear();
    this.adopted.clear();
    this.holder.clear();
  }

  private reportChanges(changes: readonly LivenessChange[]): void {
    for (const { id, pid, state } of changes) {
      this.holder.delete(id);
      const stopped = state === 'stopped';
      this.report({ id, what: stopped ? `pid ${pid} is stopped (SIGSTOP)` : `pid ${pid} is gone`, failedAt: Date.now(), trigger: stopped ? 'stopped' : 'exit' });
    }
  }
}
