import { loadMapCached } from '../map/map-cache.js';
import { formatMessage } from '../map/messages.js';
import { graphToJson } from '../report/graph-json.js';
import { renderDot, renderMermaid } from '../report/render-graph.js';
import type { Io } from './io.js';
import { oneOf, parseOptions } from './parse-options.js';

/** `healmap graph`: the dependency graph as JSON, Mermaid or DOT; exit 1 if the map has errors. */
export async function runGraph(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, { format: { type: 'string', short: 'f', default: 'json' } });
  const format = oneOf('format', values.format, ['json', 'mermaid', 'dot'] as const);
  const map = await loadMapCached(values.map, { create: false }); // creates no .healmap/, as lint
  if (!map.ok) {
    for (const message of map.messages) if (message.severity === 'error') io.err(`${formatMessage(map.label, message)}\n`);
    return 1;
  }
  if (format === 'json') io.out(`${JSON.stringify(graphToJson(map.graph, map.order), null, 2)}\n`);
  else io.out(format === 'mermaid' ? renderMermaid(map.graph, map.order) : renderDot(map.graph, map.order));
  return 0;
}
