import { computeMetrics } from '../history/history-metrics.js';
import { readHistory } from '../history/history-log.js';
import { statePaths } from '../fs/state-paths.js';
import { UsageError } from '../errors.js';
import { parseDuration } from '../map/parse-values.js';
import { shortId } from '../report/format-health.js';
import type { Io } from './io.js';
import { parseOptions } from './parse-options.js';
import { dirname, resolve } from 'node:path';

/** `healmap history`: recent actions from the audit trail and the metrics derived from it. */
export async function runHistory(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, { json: { type: 'boolean', default: false }, since: { type: 'string', default: '24h' } });
  const window = parseDuration(values.since);
  if (!window.ok) throw new UsageError(`--since: ${window.message}`);
  // The trail lives beside the map: reading it needs neither the map's contents nor a valid map
  // (parsing it only to learn its folder cost 0.8 s on a 1,000-worker map).
  const rootDir = dirname(resolve(io.cwd, values.map));
  const entries = await readHistory(statePaths(rootDir).history, Date.now() - window.value);
  const metrics = computeMetrics(entries);
  if (values.json) {
    io.out(`${JSON.stringify({ since: values.since, entries, metrics }, null, 2)}\n`);
    return 0;
  }
  if (entries.length === 0) {
    io.out(`No actions in the last ${values.since}.\n`);
    return 0;
  }
  for (const e of entries.slice(-50)) {
    io.out(`${e.time.slice(0, 19).replace('T', ' ')}  ${e.result.padEnd(9)}  ${e.action.padEnd(23)} ${shortId(e.component)} (${e.problem}${e.attempt ? `, attempt ${e.attempt}` : ''}) — ${e.detail ?? e.reason}\n`);
  }
  const seconds = (s: number | null): string => (s === null ? 'n/a' : `${s} s`);
  io.out(`\n${entries.length} actions in the last ${values.since}. Mean time to detect: ${seconds(metrics.meanTimeToDetectSeconds)}; mean time to recover: ${seconds(metrics.meanTimeToRecoverSeconds)}.\n`);
  for (const [component, rate] of Object.entries(metrics.successRateByComponent)) {
    io.out(`  ${shortId(component)}: ${rate.succeeded}/${rate.attempts} repairs succeeded (${Math.round(rate.rate * 100)}%)\n`);
  }
  if (metrics.commonProblems.length > 0) io.out(`Most common problems: ${metrics.commonProblems.map((p) => `${p.problem} ×${p.count}`).join(', ')}\n`);
  io.out(`Escalations: ${metrics.escalations.length === 0 ? 'none' : metrics.escalations.map((e) => shortId(e.component)).join(', ')}\n`);
  return 0;
}
