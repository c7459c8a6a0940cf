import { watch, type FSWatcher } from 'node:fs';

/** How a busy folder is quietened: past `events` events within a second its watch rests for `restMs`. */
export interface BusyFolderOptions {
  events: number;
  restMs: number;
}

// A folder with ten events in a second is busy: workers are writing it, and each write would
// wake the daemon once (Node's fs.watch cannot leave IN_MODIFY out of its inotify mask).
const DEFAULT_BUSY: BusyFolderOptions = { events: 10, restMs: 1000 };

interface WatchedFolder {
  watcher: FSWatcher | null;
  windowStartMs: number;
  events: number;
  rest: NodeJS.Timeout | null;
}

/**
 * Watches the folders that hold declared data files, one inotify watch per folder rather than
 * one per file (chokidar's way): 10,000 outputs in one folder cost one kernel watch and no
 * per-file state, and a busy folder is never re-listed per write. Reports the folder and name of
 * every entry that changes, with the kind of event (`change`: its content was written; `rename`:
 * it appeared, vanished or was replaced); the caller decides what the name means.
 *
 * A busy folder's watch rests: after `busy.events` events within a second it is closed for
 * `busy.restMs`, then opened again and the caller asked to resync the folder once (`onResync`),
 * so 200 workers each appending a line a second cost a few wake-ups a second instead of 200.
 * Freshness does not depend on write events (deadlines read the mtime when due); what a rest
 * delays is noticing a deletion or creation in that folder, by at most `busy.restMs`.
 */
export class FolderWatcher {
  private readonly folders = new Map<string, WatchedFolder>();
  private readonly busy: BusyFolderOptions;

  constructor(
    private readonly onChange: (folder: string, name: string, event: 'rename' | 'change') => void,
    /** A folder whose events lost their file name (rare): everything in it must be re-read. */
    private readonly onFolderChange: (folder: string) => void,
    private readonly onError: (folder: string, error: Error) => void,
    /** A busy folder's watch is back after a rest: compare what is in it with what is known. */
    private readonly onResync: (folder: string) => void = onFolderChange,
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
    this.folders.set(folder, { watcher, windowStartMs: Date.now(), events: 0, rest: null });
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

  // Counts a folder's events per second; a busy folder's watch rests, then resyncs once.
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
    entry.rest = setTimeout(() => {
      entry.rest = null;
      if (this.folders.get(folder) !== entry) return; // unwatched meanwhile
      entry.watcher = this.open(folder);
      entry.windowStartMs = Date.now();
      entry.events = 0;
      if (entry.watcher === null) this.folders.delete(folder);
      this.onResync(folder);
    }, this.busy.restMs);
    entry.rest.unref();
  }
}
