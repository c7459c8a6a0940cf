import { closeSync, openSync, readSync } from 'node:fs';
import type { ComponentId } from '../map/types.js';
import { statStateByte } from '../probe/proc-stat.js';

/** What the poll found wrong with a tracked worker process. */
export interface LivenessChange {
  id: ComponentId;
  pid: number;
  state: 'gone' | 'stopped';
}

// Descriptors kept open at most; past this, a pid's stat file is reopened on each poll.
const MAX_OPEN = 4096;
const NO_CHANGES: readonly LivenessChange[] = Object.freeze([]);
const [Z, X, LOWER_X, T, LOWER_T] = ['Z', 'X', 'x', 'T', 't'].map((c) => c.charCodeAt(0));

/**
 * Watches worker pids for what no event reports: an adopted worker dying (or lingering as a
 * zombie under a slow-reaping PID 1) and a worker frozen by SIGSTOP. Each pid's /proc stat file
 * stays open and is re-read with one pread per poll (procfs regenerates it on every read, and
 * answers ESRCH once the process is gone), which keeps the idle daemon cheap with 1,000 workers.
 */
export class LivenessPoller {
  private readonly tracked = new Map<ComponentId, { pid: number; fd: number | null }>();
  private readonly buffer = Buffer.alloc(512);
  private open = 0;
  private cursor = -1;
  // The tracked ids in order, rebuilt only after a track or untrack: a poll a second allocates nothing.
  private order: ComponentId[] | null = null;

  /** How many workers are tracked. */
  get size(): number {
    return this.tracked.size;
  }

  /** Whether `pid` is the pid tracked for `id`. */
  has(id: ComponentId, pid: number): boolean {
    return this.tracked.get(id)?.pid === pid;
  }

  /** Starts reading a worker's pid (its stat file is opened now and kept open). */
  track(id: ComponentId, pid: number): void {
    const current = this.tracked.get(id);
    if (current?.pid === pid) return;
    this.untrack(id);
    let fd: number | null = null;
    if (this.open < MAX_OPEN) {
      try {
        fd = openSync(`/proc/${pid}/stat`, 'r');
        this.open++;
      } catch {
        fd = null;
      }
    }
    this.tracked.set(id, { pid, fd });
    this.order = null;
  }

  /** Stops reading a worker's pid and closes its descriptor. */
  untrack(id: ComponentId): void {
    const entry = this.tracked.get(id);
    if (entry?.fd !== null && entry?.fd !== undefined) {
      closeSync(entry.fd);
      this.open--;
    }
    if (this.tracked.delete(id)) this.order = null;
  }

  /**
   * Reads up to `budget` tracked pids, round robin (procfs formats a full stat line per read, so
   * reads are rationed); returns, and stops tracking, those gone, zombie or stopped.
   */
  poll(budget = Infinity): readonly LivenessChange[] {
    let changes: LivenessChange[] | null = null;
    const ids = (this.order ??= [...this.tracked.keys()]);
    const count = Math.min(budget, ids.length);
    for (let i = 0; i < count; i++) {
      this.cursor = (this.cursor + 1) % ids.length;
      const id = ids[this.cursor] as ComponentId;
      const entry = this.tracked.get(id);
      if (!entry) continue;
      const state = this.readState(entry);
      if (state === null || state === Z || state === X || state === LOWER_X) (changes ??= []).push({ id, pid: entry.pid, state: 'gone' });
      else if (state === T || state === LOWER_T) (changes ??= []).push({ id, pid: entry.pid, state: 'stopped' });
    }
    if (changes === null) return NO_CHANGES;
    for (const change of changes) this.untrack(change.id);
    return changes;
  }

  /** Closes every descriptor. */
  clear(): void {
    for (const id of [...this.tracked.keys()]) this.untrack(id);
  }

  // The state letter (as a byte) after the command name's closing parenthesis; null when the
  // process is gone. Scans bytes rather than building a string: this runs up to 250 times a second.
  private readState(entry: { pid: number; fd: number | null }): number | null {
    let fd = entry.fd;
    const transient = fd === null;
    try {
      fd ??= openSync(`/proc/${entry.pid}/stat`, 'r');
      return statStateByte(this.buffer, readSync(fd, this.buffer, 0, this.buffer.length, 0));
    } catch {
      return null;
    } finally {
      if (transient && fd !== null) closeSync(fd);
    }
  }
}
