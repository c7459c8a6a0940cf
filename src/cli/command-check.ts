import { checkSystem } from '../agent/check-system.js';
import { exitCodeOf } from '../diagnose/types.js';
import { diagnosisToJson } from '../report/render-json.js';
import { renderTable } from '../report/render-table.js';
import type { Io } from './io.js';
import { loadValidMap } from './load-valid-map.js';
import { parseOptions } from './parse-options.js';

/** `healmap check`: probes + diagnosis, changes nothing; exit 0 ok, 1 warning, 2 critical, 3 unknown. */
export async function runCheck(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, { json: { type: 'boolean', default: false } });
  const map = await loadValidMap(values.map, io);
  if (!map) {
    if (values.json) io.out(`${JSON.stringify({ status: 'unknown', checkedAt: new Date().toISOString(), components: [], rootCauses: [] }, null, 2)}\n`);
    return 3;
  }
  const { diagnosis, probe } = await checkSystem(map);
  const trees = probe.cgroups ?? null;
  const json = values.json ? { ...diagnosisToJson(diagnosis), processTrees: trees?.path ? { mode: 'cgroup', path: trees.path } : { mode: 'process-group', reason: trees?.reason ?? null } } : null;
  io.out(json ? `${JSON.stringify(json, null, 2)}\n` : renderTable(diagnosis, io.color));
  // Without writable cgroups a worker's tree is its process groups and descendants: say so.
  if (!json && trees && !trees.path && map.model.workers.length > 0) io.err(`note: process trees fall back to process groups and parent pids: ${trees.reason}\n`);
  return exitCodeOf(diagnosis.status);
}
