import { watch, type FSWatcher } from 'node:fs';

/**
 * Watches the folders that hold declared data files, one inotify watch per folder rather than
 * one per file (chokidar's way): 10,000 outputs in one folder cost one kernel watch and no
 * per-file state, and a busy folder is never re-listed. Reports the folder and name of every
 * entry that changes, with the kind of event (`change`: its content was written; `rename`: it
 * appeared, vanished or was replaced); the caller decides what the name means, and whether to stat it.
 */
export class FolderWatcher {
  private readonly watchers = new Map<string, FSWatcher>();

  constructor(
    private readonly onChange: (folder: string, name: string, event: 'rename' | 'change') => void,
    /** A folder whose events lost their file name (rare): everything in it must be re-read. */
    private readonly onFolderChange: (folder: string) => void,
    private readonly onError: (folder: string, error: Error) => void,
  ) {}

  /** Starts watching a folder; false when it does not exist (yet) or cannot be watched. */
  watch(folder: string): boolean {
    if (this.watchers.has(folder)) return true;
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, { persistent: false }, (event, name) => {
        if (name === null) this.onFolderChange(folder);
        else this.onChange(folder, name.toString(), event);
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.onError(folder, error as Error);
      return false;
    }
    // A watched folder that is deleted ends its watch; the caller learns it from its parent's watch.
    watcher.on('error', (error) => {
      this.unwatch(folder);
      this.onFolderChange(folder);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'EPERM') this.onError(folder, error);
    });
    this.watchers.set(folder, watcher);
    return true;
  }

  unwatch(folder: string): void {
    this.watchers.get(folder)?.close();
    this.watchers.delete(folder);
  }

  close(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  get size(): number {
    return this.watchers.size;
  }
}
