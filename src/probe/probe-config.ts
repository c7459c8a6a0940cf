import { statSync } from 'node:fs';
import { CONFIG_MAX_BYTES, readRegularFileSync } from '../fs/read-regular-file.js';
import type { ConfigFormat } from '../map/config-format.js';
import { parseConfigText } from './config-formats/config-text.js';

/** What healmap sees of a config: whether it exists and parses in its format, and its content. */
export interface ConfigProbe {
  exists: boolean;
  /** Where and why it does not parse, when it does not. */
  parseError: { message: string; line: number; column: number } | null;
  /** The parsed document when it parses (undefined for a format healmap does not read). */
  value: unknown;
  /** The raw text, kept for repairs and last-known-good copies. */
  text: string | null;
  /** The file's permission bits, so copies are never readable by more people than the file. */
  mode: number | null;
  /** The outcome of the config's `validate with` command, when it has one. */
  check?: { ok: boolean; detail: string };
}

/**
 * Reads and parses a config in its format; a missing file is a finding, other I/O errors are
 * thrown (as is a FIFO, device or oversized file: only regular files of at most CONFIG_MAX_BYTES
 * are read).
 */
export function probeConfig(path: string, format: ConfigFormat = 'json'): ConfigProbe {
  let text: string;
  let mode: number;
  try {
    text = readRegularFileSync(path, CONFIG_MAX_BYTES).toString('utf8');
    mode = statSync(path).mode & 0o7777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false, parseError: null, value: undefined, text: null, mode: null };
    throw error;
  }
  if (format === 'opaque') return { exists: true, parseError: null, value: undefined, text, mode };
  const parsed = parseConfigText(format, text);
  return parsed.ok
    ? { exists: true, parseError: null, value: parsed.value, text, mode }
    : { exists: true, parseError: parsed.error, value: undefined, text, mode };
}

/** Turns V8's "at position N" (or "line L column C") into a line and column. */
export function locateJsonError(text: string, message: string): { message: string; line: number; column: number } {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { message: cleanMessage(message), line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  return { message: cleanMessage(message), line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

function cleanMessage(message: string): string {
  return message.replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
}
