import type { Io } from './io.js';
import { parseNamedOptions } from './parse-options.js';
import { runControl } from './run-control.js';

/** `healmap restart NAME`: stops and starts one worker, its ladder afresh; safe beside a running `watch` (through the actions lock). */
export async function runRestart(args: string[], io: Io): Promise<number> {
  const { values, name } = parseNamedOptions(args, {});
  return runControl('restart', values.map, name as string, io);
}
