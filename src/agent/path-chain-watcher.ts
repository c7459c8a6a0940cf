import { statSync, watch, type FSWatcher } from 'node:fs';
import { dirname, join, relative, sep, isAbsolute } from 'node:path';

/** What the path-chain watcher reports. */
export interface PathChainEvents {
  /** A watched file (a config, the map) was created, changed or removed. */
  fileChanged: (path: string, exists: boolean) => void;
  /** A watched folder (one that holds data files) was created or removed. */
  folderChanged: (folder: string, exists: boolean) => void;
  error: (message: string) => void;
}

/**
 * Watches a few files and folders through the chain of folders that leads to them from the
 * map's folder, with one non-recursive fs.watch (one inotify watch) per folder on the way, so a
 * folder created later (out/ on a fresh clone) is picked up. Nothing is listed or stat'ed per
 * event except the one entry the event names, and only when it is a watched name: a folder full
 * of busy data files costs one ignored event per write here (chokidar re-listed the folder and
 * lstat'ed every entry after each write). The data folders themselves are not watched here
 * (FolderWatcher does that), only their parents.
 */
export class PathChainWatcher {
  // Each folder on a chain -> the names in it that matter.
  private readonly interest = new Map<string, Set<string>>();
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();
  private readonly watchers = new Map<string, FSWatcher>();
  private closed = false;

  constructor(private readonly rootDir: string, files: Iterable<string>, folders: Iterable<string>, private readonly on: PathChainEvents) {
    for (const path of files) this.add(path, this.files);
    for (const folder of folders) this.add(folder, this.folders);
    this.cover(rootDir, false);
  }

  /** How many folders are watched. */
  get size(): number {
    return this.watchers.size;
  }

  /** Stops every watch. */
  close(): void {
    this.closed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  // Records a target and every folder between the root and it; paths outside the root are left
  // to the cycles, as before.
  private add(path: string, into: Set<string>): void {
    const rel = relative(this.rootDir, path);
    if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return;
    into.add(path);
    let child = path;
    while (child !== this.rootDir) {
      const parent = dirname(child);
      const names = this.interest.get(parent) ?? new Set<string>();
      names.add(child.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      this.interest.set(parent, names);
      child = parent;
    }
  }

  // Watches a chain folder that exists, and (report = true) every watched thing below it that
  // came with it (mkdir -p out/a && touch out/a/x before the watch was in place).
  private cover(folder: string, report: boolean): void {
    if (this.closed || this.watchers.has(folder) || !this.interest.has(folder)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, { persistent: false }, (_event, name) => {
        if (name === null) this.rescan(folder);
        else if (this.interest.get(folder)?.has(name.toString())) this.changed(join(folder, name.toString()));
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') this.on.error(`cannot watch ${folder}: ${(error as Error).message}`);
      return;
    }
    watcher.on('error', () => this.uncover(folder));
    this.watchers.set(folder, watcher);
    if (report) this.rescan(folder);
    else for (const name of this.interest.get(folder) ?? []) this.cover(join(folder, name), false);
  }

  private uncover(folder: string): void {
    this.watchers.get(folder)?.close();
    this.watchers.delete(folder);
  }

  private rescan(folder: string): void {
    for (const name of this.interest.get(folder) ?? []) this.changed(join(folder, name));
  }

  // The one stat per relevant event: what the named entry is now.
  private changed(path: string): void {
    if (this.closed) return;
    let isDir = false;
    let exists = false;
    try {
      const stats = statSync(path);
      exists = true;
      isDir = stats.isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') this.on.error(`cannot stat ${path}: ${(error as Error).message}`);
    }
    if (this.files.has(path)) this.on.fileChanged(path, exists && !isDir);
    if (this.folders.has(path)) this.on.folderChanged(path, exists && isDir);
    if (!this.interest.has(path)) return;
    if (exists && isDir) {
      // Re-watched even when watched: the folder may have been replaced since (a dead inode).
      this.uncover(path);
      this.cover(path, true);
    } else if (this.watchers.has(path)) {
      this.uncover(path);
      this.rescan(path); // everything below is gone with it
    }
  }
}
