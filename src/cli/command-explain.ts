import { loadMapCached } from '../map/map-cache.js';
import { explainMap, renderExplanation } from '../report/explain-map.js';
import type { Io } from './io.js';
import { parseOptions } from './parse-options.js';

/** `healmap explain`: what healmap read from the map, fact by fact with lines, then what it ignored. */
export async function runExplain(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, { json: { type: 'boolean', default: false } });
  // A map-only command creates no .healmap/ (a map under review, a CI lint): it uses one that exists.
  const map = await loadMapCached(values.map, { facts: true, create: false });
  const explanation = explainMap(map);
  io.out(values.json ? `${JSON.stringify(explanation, null, 2)}\n` : renderExplanation(explanation));
  return map.ok ? 0 : 1;
}
