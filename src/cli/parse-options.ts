import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
export const COMMON_OPTIONS = {
  map: { type: 'string', short: 'm', default: 'ARCHITECTURE_MAP.md' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options;

/** Parses a command's arguments with node:util, turning its errors into usage errors. */
type Config<T extends Options> = {
  args: string[];
  options: typeof COMMON_OPTIONS & T;
  allowPositionals: false;
  strict: true;
};

export function parseOptions<T extends Options>(args: string[], options: T): ReturnType<typeof parseArgs<Config<T>>> {
  try {
    return parseArgs<Config<T>>({ args, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: false, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}

/** Checks an option against its allowed values, naming what was expected. */
export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`Expected --${name} to be one of ${allowed.join(', ')}, got \`${value}\``);
}

/** Parses a command's options and the one NAME it takes (`healmap logs NAME -n 50`). */
export function parseNamedOptions<T extends Options>(args: string[], options: T, required = true): { values: ReturnType<typeof parseArgs<Config<T>>>['values']; name: string | null } {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  if (parsed.positionals.length > 1) throw new UsageError(`Expected one NAME, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`);
  const name = parsed.positionals[0] ?? null;
  if (required && name === null) throw new UsageError('Expected the NAME of a worker (or a file/config path), got nothing');
  return { values: parsed.values as ReturnType<typeof parseArgs<Config<T>>>['values'], name };
}
