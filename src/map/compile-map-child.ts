/**
 * The child process of `loadMapAside`: loads the map named by its argument through the compiled
 * cache (parsing it, and refreshing the cache, on a miss) and prints its label, model (without
 * the facts only `explain` reads), messages and validity as one JSON document on stdout. Run as a
 * script only, never imported.
 */
import { loadMapCached, withoutFacts } from './map-cache.js';

const mapPath = process.argv[2];
if (mapPath !== undefined) {
  const map = withoutFacts(await loadMapCached(mapPath));
  process.stdout.write(JSON.stringify({ key: '', label: map.label, model: map.model, messages: map.messages, ok: map.ok }));
}
