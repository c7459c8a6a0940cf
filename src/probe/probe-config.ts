import { CONFIG_MAX_BYTES, readRegularFileSync } from '../fs/read-regular-file.js';

/** What healmap sees of a JSON config: whether it exists and parses, and its content. */
export interface ConfigProbe {
  exists: boolean;
  /** Where and why it does not parse, when it does not. */
  parseError: { message: string; line: number; column: number } | null;
  /** The parsed document when it parses. */
  value: unknown;
  /** The raw text, kept for repairs (indentation) and last-known-good copies. */
  text: string | null;
}

/**
 * Reads and parses a JSON config; a missing file is a finding, other I/O errors are thrown (as is
 * a FIFO, device or oversized file: only regular files of at most CONFIG_MAX_BYTES are read).
 */
export function probeConfig(path: string): ConfigProbe {
  let text: string;
  try {
    text = readRegularFileSync(path, CONFIG_MAX_BYTES).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false, parseError: null, value: undefined, text: null };
    throw error;
  }
  try {
    return { exists: true, parseError: null, value: JSON.parse(text) as unknown, text };
  } catch (error) {
    return { exists: true, parseError: locateJsonError(text, (error as Error).message), value: undefined, text };
  }
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
