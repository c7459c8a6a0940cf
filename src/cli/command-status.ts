import { dirname, resolve } from 'node:path';
import { readRegularFile, STATE_MAX_BYTES } from '../fs/read-regular-file.js';
import { statePaths } from '../fs/state-paths.js';
import { parseValid, stateSchemas } from '../history/state-schemas.js';
import { formatDuration } from '../map/parse-values.js';
import { isDeadState, readProcStat } from '../probe/proc-stat.js';
import type { Io } from './io.js';
import { parseOptions } from './parse-options.js';

const ALIVE_WITHIN_MS = 90_000;

/** `healmap status`: is an agent alive for this map? exit 0 alive, 2 not running, 3 never ran. */
export async function runStatus(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, { json: { type: 'boolean', default: false } });
  const path = statePaths(dirname(resolve(io.cwd, values.map))).heartbeat;
  type Beat = { pid: number; writtenAt: string; cycles: number; status: string; lastCycleMs: number; stopped?: boolean };
  // A heartbeat that cannot be read, or is not one (`null`, a wrong shape), is no heartbeat.
  const text = await readRegularFile(path, STATE_MAX_BYTES).then((b) => b.toString('utf8'), () => null);
  const beat = text === null ? null : parseValid<Beat>(text, stateSchemas().heartbeat);
  if (!beat) {
    if (values.json) io.out(`${JSON.stringify({ alive: false, reason: 'no heartbeat' })}\n`);
    else io.out('No healmap agent has run for this map (no heartbeat).\n');
    return 3;
  }
  const ageMs = Date.now() - Date.parse(beat.writtenAt);
  const pidAlive = !isDeadState(await readProcStat(beat.pid));
  const alive = !beat.stopped && pidAlive && ageMs < ALIVE_WITHIN_MS;
  if (values.json) {
    io.out(`${JSON.stringify({ alive, ...beat, heartbeatAgeSeconds: Math.round(ageMs / 1000) }, null, 2)}\n`);
  } else if (alive) {
    io.out(`healmap agent pid ${beat.pid} is alive: ${beat.cycles} cycles, last status ${beat.status.toUpperCase()}, heartbeat ${formatDuration(ageMs)} ago.\n`);
  } else {
    const why = beat.stopped ? 'it stopped cleanly' : !pidAlive ? `pid ${beat.pid} is gone` : `its heartbeat is ${formatDuration(ageMs)} old`;
    io.out(`No healmap agent is alive for this map: ${why}.\n`);
  }
  return alive ? 0 : 2;
}
