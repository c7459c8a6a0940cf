import { controlComponent, findComponent, type ControlCommand } from '../agent/control-component.js';
import { formatDuration } from '../map/parse-values.js';
import { UsageError } from '../errors.js';
import type { Io } from './io.js';
import { loadValidMap } from './load-valid-map.js';

/** Runs one request on one named component and prints how it went; exit 0 done, 1 not. */
export async function runControl(command: ControlCommand, mapPath: string, name: string, io: Io): Promise<number> {
  const map = await loadValidMap(mapPath, io);
  if (!map) return 3;
  const component = findComponent(map, name);
  if (!component) throw new UsageError(`Unknown component \`${name}\`; expected a worker name or a file/config path of the map`);
  if (command !== 'resolve' && component.kind !== 'worker') throw new UsageError(`Expected a worker for \`healmap ${command}\`, got the ${component.kind} \`${name}\``);
  const outcome = await controlComponent(map, command, component);
  io.out(`${outcome.ok ? '✓' : '✗'} ${command} ${name} ${outcome.ok ? 'done' : 'failed'} in ${formatDuration(outcome.durationMs)} — ${outcome.detail}\n`);
  if (command === 'stop' && outcome.ok) io.out(`${name} stays stopped (reported \`stopped (by request)\`, not healed) until \`healmap start ${name}\`.\n`);
  return outcome.ok ? 0 : 1;
}
