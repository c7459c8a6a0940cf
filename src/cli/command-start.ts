import type { Io } from './io.js';
import { parseNamedOptions } from './parse-options.js';
import { runControl } from './run-control.js';

/** `healmap start NAME`: starts one worker (undoing `stop NAME`); safe beside a running `watch` (through the actions lock). */
export async function runStart(args: string[], io: Io): Promise<number> {
  const { values, name } = parseNamedOptions(args, {});
  return runControl('start', values.map, name as string, io);
}
