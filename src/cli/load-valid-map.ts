import type { LoadedMap } from '../map/load-map.js';
import { loadMapCached, type MapCacheOptions } from '../map/map-cache.js';
import { formatMessage } from '../map/messages.js';
import type { Io } from './io.js';

/** Loads the map for a command that needs a valid one; prints its errors and returns null if not. */
export async function loadValidMap(path: string, io: Io, options: MapCacheOptions = {}): Promise<LoadedMap | null> {
  const map = await loadMapCached(path, options);
  if (map.ok) return map;
  for (const message of map.messages) if (message.severity === 'error') io.err(`${formatMessage(map.label, message)}\n`);
  io.err(`${map.label}: the map has errors; run \`healmap lint\` (status UNKNOWN)\n`);
  return null;
}
