import { statSync, watch, type FSWatcher } from 'node:fs';

/**
 * How a busy folder is quietened: past `events` events within a second its watch rests, first for
 * `restMs`, twice as long each time it is busy again at once when it comes back (up to
 * `maxRestMs`); while it rests the folder itself is stat'ed every `pollMs`.
 */
export interface BusyFolderOptions {
  events: number;
  restMs: number;
  maxRestMs: number;
  pollMs: number;
}

// A folder with ten events in a second is busy: workers are writing it, and each write would
// wake the daemon once (Node's fs.watch cannot leave IN_MODIFY out of its inotify mask).
const DEFAULT_BUSY: BusyFolderOptions = { events: 10, restMs: 1000, maxRestMs: 60_000, pollMs: 1000 };
// A folder busy again this soon after its watch came back rests twice as long.
const BUSY_AGAIN_MS = 2000;
// A folder stamp this close to when it was read may hide a later change with the same stamp
// (coarse file-system clocks): the next poll lists the folder anyway.
const RACY_MS = 2000;

/** What a folder's own stat says about its entries: any entry created, removed or renamed changes it. */
interface FolderStamp {
  ino: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  readAtMs: number;
}

interface WatchedFolder {
  watcher: FSWatcher | null;
  windowStartMs: number;
  events: number;
  rest: NodeJS.Timeout | null;
  restMs: number;
  restEndsAtMs: number;
  reopenedAtMs: number | null;
  stamp: FolderStamp | null;
}

/**
 * Watches the folders that hold declared data files, one inotify watch per folder rather than
 * one per file (chokidar's way): 10,000 outputs in one folder cost one kernel watch and no
 * per-file state, and a busy folder is never re-listed per write. Reports the folder and name of
 * every entry that changes, with the kind of event (`change`: its content was written; `rename`:
 * it appeared, vanished or was replaced); the caller decides what the name means.
 *
 * A busy folder's watch rests: after `busy.events` events within a second it is closed, and while
 * it rests the folder is stat'ed once a `busy.pollMs`. Writes into files leave a folder's own
 * times alone; a file created, deleted or renamed there changes them, and only then is the folder
 * listed (`onResync(folder, true)`); otherwise the caller is told nothing appeared or vanished
 * (`onResync(folder, false)`). The first poll of a rest always lists (events queued when the watch
 * closed are lost). The watch comes back after the rest, with one listing; a folder busy again at
 * once rests twice as long, up to `busy.maxRestMs`. So 200 workers each appending a line a second
 * cost one stat a second instead of 200 wake-ups, and a deletion or creation in a busy folder is
 * still noticed within `busy.pollMs`.
 */
export class FolderWatcher {
  private readonly folders = new Map<string, WatchedFolder>();
  private readonly busy: BusyFolderOptions;

  constructor(
    private readonly onChange: (folder: string, name: string, event: 'rename' | 'change') => void,
    /** A folder whose events lost their file name (rare): everything in it must be re-read. */
    private readonly onFolderChange: (folder: string) => void,
    private readonly onError: (folder: string, error: Error) => void,
    /**
     * A resting folder was polled: `listing` true when entries may have appeared or vanished
     * (compare a listing with what is known), false when its stat says none did.
     */
    private readonly onResync: (folder: string, listing: boolean) => void = (folder, listing) => { if (listing) onFolderChange(folder); },
    busy: Partial<BusyFolderOptions> = {},
  ) {
    this.busy = { ...DEFAULT_BUSY, ...busy };
  }

  /** Starts watching a folder; false when it does not exist (yet) or cannot be watched. */
  watch(folder: string): boolean {
    const known = this.folders.get(folder);
    if (known && (known.watcher !== null || known.rest !== null)) return true;
    const watcher = this.open(folder);
    if (watcher === null) return false;
    this.folders.set(folder, { watcher, windowStartMs: Date.now(), events: 0, rest: null, restMs: this.busy.restMs, restEndsAtMs: 0, reopenedAtMs: null, stamp: null });
    return true;
  }

  unwatch(folder: string): void {
    const entry = this.folders.get(folder);
    if (!entry) return;
    entry.watcher?.close();
    if (entry.rest) clearTimeout(entry.rest);
    this.folders.delete(folder);
  }

  close(): void {
    for (const folder of [...this.folders.keys()]) this.unwatch(folder);
  }

  /** Folders watched, counting those whose watch is resting. */
  get size(): number {
    return this.folders.size;
  }

  /** How long a resting folder's current rest lasts (null when it is watched): for logs and tests. */
  restMsOf(folder: string): number | null {
    const entry = this.folders.get(folder);
    return entry?.rest ? entry.restMs : null;
  }

  /** Folders whose watch is resting right now (busy). */
  get resting(): number {
    let count = 0;
    for (const entry of this.folders.values()) if (entry.rest !== null) count += 1;
    return count;
  }

  private open(folder: string): FSWatcher | null {
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, { persistent: false }, (event, name) => {
        if (name === null) this.onFolderChange(folder);
        else this.onChange(folder, name.toString(), event);
        this.count(folder);
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.onError(folder, error as Error);
      return null;
    }
    // A watched folder that is deleted ends its watch; the caller learns it from its parent's watch.
    watcher.on('error', (error) => {
      this.unwatch(folder);
      this.onFolderChange(folder);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'EPERM') this.onError(folder, error);
    });
    return watcher;
  }

  // Counts a folder's events per second; a busy folder's watch rests.
  private count(folder: string): void {
    const entry = this.folders.get(folder);
    if (!entry || entry.watcher === null) return;
    const now = Date.now();
    if (now - entry.windowStartMs >= 1000) {
      entry.windowStartMs = now;
      entry.events = 0;
    }
    entry.events += 1;
    if (entry.events < this.busy.events) return;
    entry.watcher.close();
    entry.watcher = null;
    const again = entry.reopenedAtMs !== null && now - entry.reopenedAtMs <= BUSY_AGAIN_MS;
    entry.restMs = again ? Math.min(entry.restMs * 2, this.busy.maxRestMs) : this.busy.restMs;
    entry.restEndsAtMs = now + entry.restMs;
    entry.stamp = null;
    this.schedulePoll(folder, entry, now);
  }

  private schedulePoll(folder: string, entry: WatchedFolder, now: number): void {
    entry.rest = setTimeout(() => this.poll(folder, entry), Math.max(0, Math.min(this.busy.pollMs, entry.restEndsAtMs - now)));
    entry.rest.unref();
  }

  // One poll of a resting folder: back to watching when the rest is over, else a stat (and a
  // listing only when the folder's entries may have changed).
  private poll(folder: string, entry: WatchedFolder): void {
    entry.rest = null;
    if (this.folders.get(folder) !== entry) return; // unwatched meanwhile
    const now = Date.now();
    if (now >= entry.restEndsAtMs) {
      entry.watcher = this.open(folder);
      entry.windowStartMs = now;
      entry.events = 0;
      entry.reopenedAtMs = now;
      if (entry.watcher === null) this.folders.delete(folder);
      this.onResync(folder, true);
      return;
    }
    const before = entry.stamp;
    const stamp = readStamp(folder, now);
    entry.stamp = stamp;
    const changed = before === null || stamp === null || stamp.ino !== before.ino || stamp.mtimeNs !== before.mtimeNs || stamp.ctimeNs !== before.ctimeNs || isRacy(before);
    this.schedulePoll(folder, entry, now);
    this.onResync(folder, changed);
  }
}

function readStamp(folder: string, now: number): FolderStamp | null {
  try {
    const stats = statSync(folder, { bigint: true });
    return { ino: stats.ino, mtimeNs: stats.mtimeNs, ctimeNs: stats.ctimeNs, readAtMs: now };
  } catch {
    return null; // gone or unreadable: the caller's listing says what became of its files
  }
}

// An entry created, removed or renamed sets the folder's mtime to now: only a recent mtime can
// hide a change made within the same clock tick.
function isRacy(stamp: FolderStamp): boolean {
  return Number(stamp.mtimeNs / 1_000_000n) >= stamp.readAtMs - RACY_MS;
}
