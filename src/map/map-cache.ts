import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { refuseSymlinkedStateFolder } from '../fs/confine-path.js';
import { MAP_MAX_BYTES, readRegularFileSync, STATE_MAX_BYTES } from '../fs/read-regular-file.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { buildGraph } from '../graph/build-graph.js';
import { topologicalOrder } from '../graph/topological-order.js';
import type { LoadedMap } from './load-map.js';
import { healmapBuild, mapCacheKey, mapCacheStamp } from './map-cache-key.js';
import type { ComponentId, MapMessage, MapModel } from './types.js';

/** What the cache's main file holds: a valid map's model (without what only explain reads) and messages. */
interface CachedMap {
  key: string;
  /** The map file's stamp when the key was computed ({@link mapCacheStamp}; null: not trusted alone). */
  stamp?: string | null;
  label: string;
  model: MapModel;
  messages: MapMessage[];
  /** The topological order, kept so a hit does not sort the graph again (absent: it is sorted). */
  order?: ComponentId[];
}

/** What the facts file holds: the model's parts only `explain` and `lint --json` read, under the same key. */
interface CachedFacts {
  key: string;
  facts?: MapModel['facts'];
  ignored?: MapModel['ignored'];
}

/** Options of {@link loadMapCached}; all optional. */
export interface MapCacheOptions {
  /** Also read the facts file (each fact's place, the prose ignored): for `explain` and `lint --json`. Default false. */
  facts?: boolean;
  /**
   * Create `.healmap/` to keep the cache in when it does not exist yet (default true). False for
   * the commands that promise to change nothing on disk (`plan`, `heal --dry-run`) and the
   * map-only ones (`lint`, `explain`, `graph`): they keep a cache only in an existing `.healmap/`.
   */
  create?: boolean;
}

/** Where the compiled map is kept, beside the map: the file every one-shot command reads. */
export function mapCachePath(mapPath: string): string {
  return join(dirname(resolve(mapPath)), '.healmap', 'map-cache.json');
}

/** Where the compiled map's facts are kept (read only by `explain` and `lint --json`), beside {@link mapCachePath}. */
export function mapFactsCachePath(mapPath: string): string {
  return join(dirname(resolve(mapPath)), '.healmap', 'map-cache-facts.json');
}

/**
 * Loads a map for a one-shot command through a compiled cache under `.healmap/`: when the map's
 * bytes, its path and healmap's build hash to the cached key, the model is taken from the cache
 * (the graph is rebuilt from it, which is cheap) and the Markdown parser is never loaded. The
 * key is checked first by the map file's stamp (inode, size, mtime, ctime: one stat), and the map
 * is read and hashed only when the stamp differs or is too recent to trust; a key found equal
 * that way records the new stamp. The cache is two files under one key, the model and the facts
 * only `explain` reads, so `check` reads only the first; a file whose key differs is stale, and a
 * stale, corrupt or partial cache is ignored and both files rewritten (atomically, only for a map
 * without errors). A folder where it cannot be written (read-only) is no error: the map is simply
 * parsed each time.
 */
export async function loadMapCached(mapPath: string, options: MapCacheOptions = {}): Promise<LoadedMap> {
  const absolute = resolve(mapPath);
  const cachePath = mapCachePath(mapPath);
  const writable = options.create !== false || existsSync(dirname(cachePath));
  const found = findCached(mapPath, absolute);
  if (!found) return (await import('./load-map.js')).loadMap(mapPath);
  const { build, stamp, key, cached } = found;
  const facts = cached && options.facts ? await readFacts(mapFactsCachePath(mapPath), key) : null;
  if (cached && (!options.facts || facts)) {
    if (stamp !== null && cached.stamp !== stamp) await writeMain(mapPath, absolute, { ...cached, stamp });
    return fromCache(cached, facts);
  }
  const map = await (await import('./load-map.js')).loadMap(mapPath);
  if (map.ok && writable) await writeCache(mapPath, absolute, { build, stamp, key }, map);
  return map;
}

/** What {@link findCached} learnt: the build, the map's stamp and key, and the cache entry under that key if any. */
interface CacheLookup {
  build: string;
  stamp: string | null;
  key: string;
  cached: CachedMap | null;
}

// The map's key and the cache entry kept under it: by the stamp alone when the entry's stamp is
// the map's (no read of the map, no hash), else by hashing the map. Null when the map cannot be
// read or the state folder is a symlink (which would read and write the cache outside the map's
// folder): the map is then loaded without a cache and reports its own errors.
function findCached(mapPath: string, absolute: string): CacheLookup | null {
  try {
    refuseSymlinkedStateFolder(dirname(absolute));
    const build = healmapBuild();
    // The stamp is taken before the map is read: bytes read later are never older than it.
    const stamp = mapCacheStamp(absolute, mapPath, build);
    const entry = readCache(mapCachePath(mapPath));
    if (entry && stamp !== null && entry.stamp === stamp) return { build, stamp, key: entry.key, cached: entry };
    const key = mapCacheKey(absolute, mapPath, readMapBytes(absolute), build);
    return { build, stamp, key, cached: entry?.key === key ? entry : null };
  } catch {
    return null;
  }
}

// Writes both files of the cache for a map just parsed, the facts first: the main file is what
// a reader checks first, so a crash between the two leaves a main file whose key is stale, never
// a fresh main file beside stale facts that a later write would not replace.
async function writeCache(mapPath: string, absolute: string, lookup: Omit<CacheLookup, 'cached'>, map: LoadedMap): Promise<void> {
  const { build, stamp, key } = lookup;
  try {
    // Only when the map did not change while it was parsed: the key must describe what was parsed.
    if (mapCacheKey(absolute, mapPath, readMapBytes(absolute), build) !== key) return;
    const side: CachedFacts = { key, facts: map.model.facts, ignored: map.model.ignored };
    await writeFileAtomic(mapFactsCachePath(mapPath), JSON.stringify(side), { within: dirname(absolute) });
  } catch {
    return; // A read-only or full disk, a folder not ours: the map is simply parsed again next time.
  }
  await writeMain(mapPath, absolute, { key, stamp, label: map.label, model: withoutFacts(map).model, messages: map.messages, order: map.order });
}

// Writes the cache's main file (a stamp recorded on a hit rewrites only this one).
async function writeMain(mapPath: string, absolute: string, entry: CachedMap): Promise<void> {
  try {
    await writeFileAtomic(mapCachePath(mapPath), JSON.stringify(entry), { within: dirname(absolute) });
  } catch {
    // as in writeCache
  }
}

/**
 * Loads a map for a long-running process (the daemon): a cache hit as in {@link loadMapCached};
 * on a miss the map is parsed by a short-lived child process (which also refreshes the cache), so
 * the Markdown parser and its ~150 modules never stay in the daemon's memory. When the child
 * cannot run (no built child script, as under the TypeScript sources), it is parsed in-process.
 * The model comes without `facts` and `ignored` (read only by `explain`).
 */
export async function loadMapAside(mapPath: string): Promise<LoadedMap> {
  // unreadable map or symlinked state folder (null): the child (or the fallback) reports it as usual
  const found = findCached(mapPath, resolve(mapPath));
  if (found?.cached) return fromCache(found.cached, null);
  const child = fileURLToPath(new URL('./compile-map-child.js', import.meta.url));
  if (!existsSync(child)) return withoutFacts(await loadMapCached(mapPath));
  const text = await new Promise<string | null>((done) => {
    // child_process (with net and the streams stack) is loaded only on a miss: a hit never runs it.
    process.getBuiltinModule('node:child_process').execFile(process.execPath, [child, mapPath], { maxBuffer: 1024 ** 3 }, (error, stdout) => done(error ? null : stdout));
  });
  const entry = text === null ? null : (JSON.parse(text) as CachedMap & { ok: boolean });
  if (!entry) return withoutFacts(await loadMapCached(mapPath));
  return { ...fromCache(entry, null), ok: entry.ok };
}

/** The model of a loaded map without the parts only `explain` reads (what the compiled map's child prints). */
export function withoutFacts(map: LoadedMap): LoadedMap {
  const { facts: _facts, ignored: _ignored, ...model } = map.model;
  return { ...map, model };
}

// A cached (or child-compiled) model with its graph rebuilt, which is cheap, and its order as
// kept (sorted again when absent or not one entry per node).
function fromCache(entry: CachedMap, facts: CachedFacts | null): LoadedMap {
  const model = { ...entry.model };
  if (facts?.facts) model.facts = facts.facts;
  if (facts?.ignored) model.ignored = facts.ignored;
  const graph = buildGraph(model);
  const kept = entry.order;
  const order = Array.isArray(kept) && kept.length === graph.nodes.size && kept.every((id) => graph.nodes.has(id)) ? kept : topologicalOrder(graph);
  return { label: entry.label, model, graph, order, messages: entry.messages, ok: true };
}

// The map's bytes as loadMap reads them: a bounded regular file (a link the user named is
// followed), so a FIFO or a device as the map never blocks the key's computation.
function readMapBytes(absolute: string): Buffer {
  return readRegularFileSync(absolute, MAP_MAX_BYTES, { followSymlink: true });
}

// The cache's main file if it is whole and of the expected shape, whatever its key.
function readCache(path: string): CachedMap | null {
  try {
    const entry = JSON.parse(readRegularFileSync(path, STATE_MAX_BYTES).toString('utf8')) as Partial<CachedMap>;
    if (typeof entry.key !== 'string' || typeof entry.label !== 'string' || !Array.isArray(entry.messages)) return null;
    const model = entry.model;
    if (!model || !Array.isArray(model.workers) || !Array.isArray(model.files) || !Array.isArray(model.configs) || typeof model.settings !== 'object') return null;
    return entry as CachedMap;
  } catch {
    return null; // missing or corrupt: parsed afresh and rewritten
  }
}

async function readFacts(path: string, key: string): Promise<CachedFacts | null> {
  try {
    const entry = JSON.parse(readRegularFileSync(path, STATE_MAX_BYTES).toString('utf8')) as Partial<CachedFacts>;
    if (entry.key !== key || !(entry.facts === undefined || Array.isArray(entry.facts)) || !(entry.ignored === undefined || Array.isArray(entry.ignored))) return null;
    return entry as CachedFacts;
  } catch {
    return null;
  }
}
