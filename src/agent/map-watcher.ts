import { join, relative, resolve, sep } from 'node:path';
import chokidar, { type FSWatcher } from 'chokidar';
import type { ComponentId } from '../map/types.js';

/** What the map watcher reports: the map edited, a config changed or deleted, a data folder created or removed. */
export interface MapWatcherEvents {
  mapChanged: () => void;
  configChanged: (id: ComponentId, deleted: boolean) => void;
  folderChanged: (folder: string, exists: boolean) => void;
  error: (message: string) => void;
  ready: () => void;
}

/**
 * Event source for the map itself and its configs, and for the folders leading to declared
 * paths (so a data folder created later, out/ on a fresh clone, is picked up). Configs are few
 * and edited by people with editors that save by rename; data files are not watched here.
 */
export class MapWatcher {
  private readonly watcher: FSWatcher;

  constructor(rootDir: string, mapPath: string, configs: Map<string, ComponentId>, dataPaths: Iterable<string>, on: MapWatcherEvents) {
    const mapFile = resolve(mapPath);
    // chokidar watches from the map's folder down only the folders that lead to declared paths,
    // and nothing else is walked.
    const ancestors = new Set<string>([rootDir]);
    let depth = 0;
    for (const path of [...dataPaths, ...configs.keys()]) {
      const parts = relative(rootDir, path).split(sep);
      depth = Math.max(depth, parts.length);
      for (let i = 1; i < parts.length; i++) ancestors.add(join(rootDir, ...parts.slice(0, i)));
    }
    this.watcher = chokidar.watch(rootDir, {
      depth,
      ignoreInitial: true,
      ignored: (path) => !(ancestors.has(path) || configs.has(path) || path === mapFile),
    });
    this.watcher.on('all', (event, path) => {
      if (path === mapFile) {
        // Deleted too: the reload then reports the map unreadable and keeps the previous one.
        if (event === 'change' || event === 'add' || event === 'unlink') on.mapChanged();
        return;
      }
      if (event === 'addDir' || event === 'unlinkDir') return on.folderChanged(path, event === 'addDir');
      const id = configs.get(path);
      if (!id) return;
      if (event === 'unlink') on.configChanged(id, true);
      else if (event === 'add' || event === 'change') on.configChanged(id, false);
    });
    this.watcher.on('error', (error) => on.error(`watcher: ${(error as Error).message}`));
    this.watcher.once('ready', () => on.ready());
  }

  /** Stops watching. */
  async close(): Promise<void> {
    await this.watcher.close();
  }
}
