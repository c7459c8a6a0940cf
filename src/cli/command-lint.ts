import { describeConfigFormat } from '../map/config-format.js';
import { loadMapCached } from '../map/map-cache.js';
import { formatMessage, formatPlace } from '../map/messages.js';
import { describeRule } from '../map/read-config-rules.js';
import { explainMap } from '../report/explain-map.js';
import type { Io } from './io.js';
import { parseOptions } from './parse-options.js';

/** `healmap lint`: every problem of the map at once, positioned; exit 1 on errors. `--json` adds what was read. */
export async function runLint(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, { quiet: { type: 'boolean', short: 'q', default: false }, json: { type: 'boolean', default: false } });
  // A map-only command creates no .healmap/ (a map under review, a CI lint): it uses one that exists.
  const map = await loadMapCached(values.map, { facts: values.json, create: false });
  if (values.json) {
    io.out(`${JSON.stringify(explainMap(map), null, 2)}
`);
    return map.ok ? 0 : 1;
  }
  const shown = values.quiet ? map.messages.filter((m) => m.severity === 'error') : map.messages;
  for (const message of shown) io.err(`${formatMessage(map.label, message)}\n`);
  if (!values.quiet) for (const config of map.model.configs) io.err(`${map.label}: config ${describeConfigFormat(config)}\n`);
  if (!values.quiet) for (const rule of map.model.rules ?? []) io.err(`${formatPlace(map.label, rule.place)}: rule ${describeRule(rule)}\n`);
  const errors = map.messages.filter((m) => m.severity === 'error').length;
  const warnings = map.messages.length - errors;
  const { workers, files, configs } = map.model;
  const counts = `${workers.length} workers, ${files.length} files, ${configs.length} configs, ${map.graph.edges.length} edges`;
  io.err(`${map.label}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (${counts})\n`);
  return errors > 0 ? 1 : 0;
}
