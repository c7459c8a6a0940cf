import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { refuseSymlinkedStateFolder } from '../fs/confine-path.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { buildGraph } from '../graph/build-graph.js';
import { topologicalOrder } from '../graph/topological-order.js';
import type { LoadedMap } from './load-map.js';
import type { MapMessage, MapModel } from './types.js';

/** What the cache file holds: a valid map's model and messages, keyed by content hash and healmap's build (version and fingerprint). */
interface CachedMap {
  key: string;
  label: string;
  model: MapModel;
  messages: MapMessage[];
}

/** Where the compiled map is kept, beside the map. */
export function mapCachePath(mapPath: string): string {
  return join(dirname(resolve(mapPath)), '.healmap', 'map-cache.json');
}

/**
 * Loads a map for a one-shot command through a compiled cache under `.healmap/`: when the map's
 * bytes, its path and healmap's build (version and build fingerprint) hash to the cached key, the model is taken from the cache
 * (the graph is rebuilt from it, which is cheap) and the Markdown parser is never loaded. Any
 * change invalidates it; a corrupt or unreadable cache is ignored and rebuilt; it is written
 * atomically, only for a map without errors, and only where `.healmap/` already exists. A map that cannot be read goes the ordinary way.
 */
export async function loadMapCached(mapPath: string): Promise<LoadedMap> {
  const absolute = resolve(mapPath);
  const cachePath = mapCachePath(mapPath);
  let key: string;
  try {
    // A symlinked .healmap would read and write the cache outside the map's folder: no cache then.
    refuseSymlinkedStateFolder(dirname(absolute));
    key = cacheKey(absolute, mapPath, await readFile(absolute));
  } catch {
    return (await import('./load-map.js')).loadMap(mapPath);
  }
  const cached = await readCache(cachePath, key);
  if (cached) return fromCache(cached);
  const map = await (await import('./load-map.js')).loadMap(mapPath);
  // Only beside an existing .healmap/: a read-only command on a fresh project creates nothing.
  if (map.ok && existsSync(dirname(cachePath))) {
    try {
      // Only when the map did not change while it was parsed: the key must describe what was parsed.
      if (cacheKey(absolute, mapPath, await readFile(absolute)) === key) {
        const entry: CachedMap = { key, label: map.label, model: map.model, messages: map.messages };
        await writeFileAtomic(cachePath, JSON.stringify(entry), { within: dirname(absolute) });
      }
    } catch {
      // A read-only or full disk: the map is simply parsed again next time.
    }
  }
  return map;
}

/**
 * Loads a map for a long-running process (the daemon): a cache hit as in {@link loadMapCached};
 * on a miss the map is parsed by a short-lived child process (which also refreshes the cache), so
 * the Markdown parser and its ~150 modules never stay in the daemon's memory. When the child
 * cannot run (no built child script, as under the TypeScript sources), it is parsed in-process.
 */
export async function loadMapAside(mapPath: string): Promise<LoadedMap> {
  const absolute = resolve(mapPath);
  try {
    refuseSymlinkedStateFolder(dirname(absolute));
    const cached = await readCache(mapCachePath(mapPath), cacheKey(absolute, mapPath, await readFile(absolute)));
    if (cached) return fromCache(cached);
  } catch {
    // unreadable map or symlinked state folder: the child (or the fallback) reports it as usual
  }
  const child = fileURLToPath(new URL('./compile-map-child.js', import.meta.url));
  if (!existsSync(child)) return loadMapCached(mapPath);
  const text = await new Promise<string | null>((done) => {
    execFile(process.execPath, [child, mapPath], { maxBuffer: 1024 ** 3 }, (error, stdout) => done(error ? null : stdout));
  });
  const entry = text === null ? null : (JSON.parse(text) as CachedMap & { ok: boolean });
  if (!entry) return loadMapCached(mapPath);
  return { ...fromCache(entry), ok: entry.ok };
}

// A cached (or child-compiled) model with its graph rebuilt, which is cheap.
function fromCache(entry: CachedMap): LoadedMap {
  const graph = buildGraph(entry.model);
  return { label: entry.label, model: entry.model, graph, order: topologicalOrder(graph), messages: entry.messages, ok: true };
}

function cacheKey(absolute: string, label: string, bytes: Buffer): string {
  return createHash('sha256').update(`healmap ${healmapVersion()}\0${absolute}\0${label}\0`).update(bytes).digest('hex');
}

async function readCache(path: string, key: string): Promise<CachedMap | null> {
  try {
    const entry = JSON.parse(await readFile(path, 'utf8')) as Partial<CachedMap>;
    if (entry.key !== key || typeof entry.label !== 'string' || !Array.isArray(entry.messages)) return null;
    const model = entry.model;
    if (!model || !Array.isArray(model.workers) || !Array.isArray(model.files) || !Array.isArray(model.configs) || typeof model.settings !== 'object') return null;
    return entry as CachedMap;
  } catch {
    return null; // missing or corrupt: parsed afresh and rewritten
  }
}

// package.json's version plus this build's fingerprint: a new or rebuilt healmap may read maps
// differently (the version alone stays 0.1.0 across upgrades), so it never trusts a cache written
// by other code. `npm run build` writes the fingerprint once (dist/build-id.json, a hash of every
// built module); a build without it (the sources under vitest, a bare `tsc`) hashes the size and
// mtime of every module instead, about 300 stats per load.
function healmapVersion(): string {
  let version = 'unknown';
  try {
    version = String((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown }).version);
  } catch {
    // no package.json beside the build: the modules below still tell builds apart
  }
  return `${version}+${readBuildId() ?? statModules()}`;
}

// The fingerprint `npm run build` wrote, if it is not older than this module (a bare `tsc` run
// since rewrites the modules but not the fingerprint); null when there is none to trust.
function readBuildId(): string | null {
  try {
    const file = new URL('../build-id.json', import.meta.url);
    if (statSync(file).mtimeMs < statSync(new URL(import.meta.url)).mtimeMs) return null;
    const id = (JSON.parse(readFileSync(file, 'utf8')) as { id?: unknown }).id;
    return typeof id === 'string' && /^[0-9a-f]{16,}$/.test(id) ? `build-${id}` : null;
  } catch {
    return null;
  }
}

// The size and mtime of every module beside this one, hashed.
function statModules(): string {
  const hash = createHash('sha256');
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.[cm]?[jt]s$/.test(entry.name)) {
        const stat = statSync(path);
        hash.update(`\0${path}\0${stat.size}\0${stat.mtimeMs}`);
      }
    }
  };
  try {
    walk(root);
  } catch {
    hash.update('\0unreadable');
  }
  return hash.digest('hex').slice(0, 16);
}
