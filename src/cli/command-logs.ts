import { open, stat } from 'node:fs/promises';
import { mapPaths } from '../fs/state-paths.js';
import { UsageError } from '../errors.js';
import type { Io } from './io.js';
import { loadValidMap } from './load-valid-map.js';
import { parseNamedOptions } from './parse-options.js';

const FOLLOW_POLL_MS = 200;

/** `healmap logs NAME [-f] [-n N]`: a worker's captured output from `.healmap/logs/`. */
export async function runLogs(args: string[], io: Io): Promise<number> {
  const { values, name } = parseNamedOptions(args, {
    lines: { type: 'string', short: 'n', default: '20' },
    follow: { type: 'boolean', short: 'f', default: false },
  });
  const count = Number(values.lines);
  if (!Number.isInteger(count) || count < 0) throw new UsageError(`Expected --lines to be a whole number, got \`${values.lines}\``);
  const map = await loadValidMap(values.map, io);
  if (!map) return 3;
  const worker = map.model.workers.find((w) => w.name === name);
  if (!worker) throw new UsageError(`Unknown worker \`${name}\`; expected one of ${map.model.workers.map((w) => w.name).join(', ')}`);
  const path = mapPaths(map.model).log(worker.name);
  let offset = await printTail(path, count, io);
  if (offset === null) {
    if (!values.follow) {
      io.err(`healmap logs: ${worker.name} has no captured output yet (${path}); healmap captures the output of the workers it starts\n`);
      return 1;
    }
    offset = 0;
  }
  if (!values.follow) return 0;
  // Follow until interrupted: new bytes as they come; a rotated or truncated log is read from its start.
  for (;;) {
    await new Promise((r) => setTimeout(r, FOLLOW_POLL_MS));
    const size = await stat(path).then((s) => s.size, () => null);
    if (size === null) continue;
    if (size < offset) offset = 0;
    if (size > offset) offset = await printRange(path, offset, size, io);
  }
}

// Prints the last `count` lines; returns the size read up to, or null when there is no log.
async function printTail(path: string, count: number, io: Io): Promise<number | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    // Read backwards in blocks until enough lines are found (a log may be megabytes).
    let start = size;
    let text = '';
    while (start > 0 && text.split('\n').length <= count + 1) {
      const from = Math.max(0, start - 65_536);
      const buffer = Buffer.alloc(start - from);
      await handle.read(buffer, 0, buffer.length, from);
      text = buffer.toString('utf8') + text;
      start = from;
    }
    const lines = text.replace(/\n$/, '').split('\n');
    const tail = count === 0 ? [] : lines.slice(-count);
    if (tail.length > 0 && text !== '') io.out(`${tail.join('\n')}\n`);
    return size;
  } finally {
    await handle.close();
  }
}

async function printRange(path: string, from: number, to: number, io: Io): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(to - from);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, from);
    io.out(buffer.toString('utf8', 0, bytesRead));
    return from + bytesRead;
  } finally {
    await handle.close();
  }
}
