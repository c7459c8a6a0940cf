import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Diagnosis } from '../diagnose/types.js';
import type { DependencyGraph } from '../graph/build-graph.js';
import type { ComponentId, FileSpec } from '../map/types.js';
import { probeFile, type FileProbe } from '../probe/probe-file.js';
import type { Debouncer } from './debouncer.js';
import type { Detection } from './detection.js';
import { FolderWatcher } from './folder-watcher.js';
import { StalenessTimers } from './staleness-timers.js';

/**
 * Event source for declared data files: a write re-arms the file's freshness deadline (a
 * staleness timer reports it once passed), a deletion is reported once the file stays gone past
 * the debounce. Files are watched through their folders, one inotify watch per folder.
 */
export class DataFileEvents {
  private readonly timers: StalenessTimers;
  private readonly folders: FolderWatcher;
  private readonly byPath = new Map<string, FileSpec>();
  private readonly pathOf = new Map<ComponentId, string>();
  // Folder -> file name -> file: an event is matched without building a path.
  private readonly byFolder = new Map<string, Map<string, FileSpec>>();
  // Data files last seen to exist (by a cycle or an event): only these can be reported deleted.
  private readonly present = new Set<ComponentId>();

  constructor(
    files: FileSpec[],
    private readonly absolute: (path: string) => string,
    private readonly graph: DependencyGraph,
    private readonly debouncer: Debouncer,
    private readonly report: (detection: Detection) => void,
    onError: (message: string) => void,
  ) {
    for (const file of files) {
      const path = absolute(file.path);
      this.byPath.set(path, file);
      this.pathOf.set(file.id, path);
      const folder = dirname(path);
      const names = this.byFolder.get(folder) ?? new Map<string, FileSpec>();
      names.set(basename(path), file);
      this.byFolder.set(folder, names);
    }
    this.timers = new StalenessTimers(
      (id, deadline) => this.report({ id, what: 'passed its freshness deadline', failedAt: deadline, trigger: 'stale' }),
      (id) => this.readMtime(id),
    );
    this.folders = new FolderWatcher(
      (folder, name, event) => {
        const file = this.byFolder.get(folder)?.get(name);
        if (!file) return;
        // The common case, a write to a file known to exist whose deadline is armed, costs
        // nothing more: the deadline's timer reads the file's mtime when it fires.
        if (event === 'change' && this.present.has(file.id) && (file.freshWithinMs === null || this.timers.has(file.id))) return;
        this.onFileEvent(file, join(folder, name));
      },
      (folder) => this.recheckFolder(folder),
      (folder, error) => onError(`cannot watch ${folder}: ${error.message}; its files are checked each cycle`),
      (folder, listing) => (listing ? this.resyncFolder(folder) : this.rearmFolder(folder)),
    );
    for (const folder of this.byFolder.keys()) this.folders.watch(folder);
  }

  /** The absolute paths of every declared data file. */
  get paths(): Iterable<string> {
    return this.byPath.keys();
  }

  /** How many folders hold data files, how many are watched (the rest do not exist yet), how many rest (busy). */
  get folderCounts(): { watched: number; declared: number; resting: number } {
    return { watched: this.folders.size, declared: this.byFolder.size, resting: this.folders.resting };
  }

  /** A folder holding data files appeared or vanished: (un)watch it and re-read its files. */
  folderChanged(folder: string, exists: boolean): void {
    if (!this.byFolder.has(folder)) return;
    // Re-watched even when watched: the folder may have been replaced since (a dead inode).
    this.folders.unwatch(folder);
    if (exists) this.folders.watch(folder);
    this.recheckFolder(folder);
  }

  /** Learns from a cycle's diagnosis which files exist, and arms their freshness deadlines. */
  observe(diagnosis: Diagnosis): void {
    for (const c of diagnosis.components) {
      if (c.kind !== 'file') continue;
      if (c.facts.exists === true) this.present.add(c.id);
      else if (c.facts.exists === false) this.present.delete(c.id);
      const file = this.graph.nodes.get(c.id);
      const mtimeMs = c.facts.mtimeMs;
      if (file?.kind !== 'file' || file.freshWithinMs === null || typeof mtimeMs !== 'number') continue;
      // A file already past its SLA has been diagnosed; the next write re-arms its timer.
      if (mtimeMs + file.freshWithinMs > Date.now()) this.timers.schedule(c.id, mtimeMs, file.freshWithinMs);
    }
  }

  /** Stops watching and cancels every deadline. */
  close(): void {
    this.timers.clearAll();
    this.folders.close();
  }

  private recheckFolder(folder: string): void {
    for (const file of this.byFolder.get(folder)?.values() ?? []) this.onFileEvent(file, this.absolute(file.path));
  }

  // A busy folder's watch rests (writes in it are not reported): one listing tells which of its
  // files appeared or vanished meanwhile; only those, and any without an armed deadline, are read.
  private resyncFolder(folder: string): void {
    let names: Set<string>;
    try {
      names = new Set(readdirSync(folder));
    } catch {
      this.recheckFolder(folder); // gone or unreadable: each file says which
      return;
    }
    for (const [name, file] of this.byFolder.get(folder) ?? []) {
      const exists = names.has(name);
      const armed = file.freshWithinMs === null || this.timers.has(file.id);
      if (exists !== this.present.has(file.id) || (exists && !armed)) this.onFileEvent(file, join(folder, name));
    }
  }

  // A resting folder whose entries did not change: only files that exist without an armed
  // deadline (one past it: its next write re-arms it) are read; usually none.
  private rearmFolder(folder: string): void {
    for (const file of this.byFolder.get(folder)?.values() ?? []) {
      if (file.freshWithinMs !== null && this.present.has(file.id) && !this.timers.has(file.id)) this.onFileEvent(file, this.absolute(file.path));
    }
  }

  private readMtime(id: ComponentId): number | null {
    const path = this.pathOf.get(id);
    try {
      return path === undefined ? null : probeFile(path, Date.now()).mtimeMs;
    } catch {
      return null; // EACCES and the like: the next full cycle reports it as a probe finding
    }
  }

  // Something happened to a data file: re-arm its freshness deadline, or report it deleted once
  // it stays gone past the debounce (a writer replacing it by rename leaves it gone briefly).
  private onFileEvent(file: FileSpec, path: string): void {
    let seen: FileProbe;
    try {
      seen = probeFile(path, Date.now());
    } catch {
      return; // EACCES and the like: the next full cycle reports it as a probe finding
    }
    if (seen.exists) {
      this.present.add(file.id);
      if (file.freshWithinMs !== null && seen.mtimeMs !== null) this.timers.schedule(file.id, seen.mtimeMs, file.freshWithinMs);
      return;
    }
    this.timers.clear(file.id);
    // Only a file seen to exist can be deleted; one that never existed is the cycle's business.
    if (!this.present.delete(file.id)) return;
    const goneAt = Date.now();
    this.debouncer.run(file.id, () => {
      if (!existsSync(path)) this.report({ id: file.id, what: 'was deleted', failedAt: goneAt, trigger: 'deleted' });
    });
  }
}
