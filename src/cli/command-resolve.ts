import type { Io } from './io.js';
import { parseNamedOptions } from './parse-options.js';
import { runControl } from './run-control.js';

/** `healmap resolve NAME`: clears an escalation and resets the repair ladder; safe beside a running `watch` (through the actions lock). */
export async function runResolve(args: string[], io: Io): Promise<number> {
  const { values, name } = parseNamedOptions(args, {});
  return runControl('resolve', values.map, name as string, io);
}
