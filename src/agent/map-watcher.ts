import { dirname, resolve } from 'node:path';
import type { ComponentId } from '../map/types.js';
import { PathChainWatcher } from './path-chain-watcher.js';

/** What the map watcher reports: the map edited, a config changed or deleted, a data folder created or removed. */
export interface MapWatcherEvents {
  mapChanged: () => void;
  configChanged: (id: ComponentId, deleted: boolean) => void;
  folderChanged: (folder: string, exists: boolean) => void;
  error: (message: string) => void;
  ready: () => void;
}

/**
 * Event source for the map itself and its configs, and for the folders that hold data files
 * (so a data folder created later, out/ on a fresh clone, is picked up), through the chain of
 * folders leading to them (PathChainWatcher). Data files themselves are watched elsewhere.
 */
export class MapWatcher {
  private readonly watcher: PathChainWatcher;

  constructor(rootDir: string, mapPath: string, configs: Map<string, ComponentId>, dataPaths: Iterable<string>, on: MapWatcherEvents) {
    const mapFile = resolve(mapPath);
    const folders = new Set<string>();
    for (const path of dataPaths) folders.add(dirname(path));
    this.watcher = new PathChainWatcher(rootDir, [mapFile, ...configs.keys()], folders, {
      fileChanged: (path, exists) => {
        if (path === mapFile) {
          // Deleted too: the reload then reports the map unreadable and keeps the previous one.
          on.mapChanged();
          return;
        }
        const id = configs.get(path);
        if (id) on.configChanged(id, !exists);
      },
      folderChanged: on.folderChanged,
      error: on.error,
    });
    setImmediate(() => on.ready());
  }

  /** Stops watching. */
  async close(): Promise<void> {
    this.watcher.close();
  }
}
