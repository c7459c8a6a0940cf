import type { Io } from './io.js';
import { runStop as runStopAll } from './command-reset.js';
import { parseNamedOptions } from './parse-options.js';
import { runControl } from './run-control.js';

/** `healmap stop [NAME]`: one worker, kept stopped on purpose; without NAME every worker, dependents first. */
export async function runStop(args: string[], io: Io): Promise<number> {
  const { values, name } = parseNamedOptions(args, {}, false);
  if (name === null) return runStopAll(['--map', values.map], io);
  return runControl('stop', values.map, name, io);
}
