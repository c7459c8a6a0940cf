import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CONFIG_MAX_BYTES, readRegularFile } from '../fs/read-regular-file.js';
import { findWriters } from './find-writers.js';

/** What a file looked like when healmap read it: it is replaced only if it still looks so. */
export interface SeenFile {
  ino: number;
  size: number;
  mtimeMs: number;
  mode: number;
  uid: number;
  gid: number;
}

/** The facts of a stat that tell whether a file changed. */
export function seenFile(stat: Stats): SeenFile {
  return { ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs, mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
}

/** A file read once it stopped changing, or why it has not. */
export type SettledFile =
  | { kind: 'settled'; text: string; seen: SeenFile }
  | { kind: 'missing' }
  | { kind: 'changing'; why: string };

// A writer that has held the file open this long without writing is taken to be idle.
const IDLE_WRITER_MS = 30_000;

/**
 * Reads a file only once it is quiet: unchanged (size, mtime, inode) across the read, last
 * modified at least `quietMs` ago, and not held open for writing by a process that wrote it in
 * the last 30 s. Waits up to a few quiet periods; a file still changing then is reported so,
 * and left alone (the next change event brings it back).
 */
export async function readSettledFile(path: string, quietMs: number): Promise<SettledFile> {
  const deadline = Date.now() + Math.max(4 * quietMs, 1_000);
  let previous: SeenFile | null | undefined;
  for (;;) {
    const before = await statOrNull(path);
    if (before === null) {
      // Gone: gone for good only if it stays gone for a quiet period (a rename-replace leaves a gap).
      if (previous === null) return { kind: 'missing' };
      previous = null;
      await sleep(quietMs);
      continue;
    }
    const ageMs = Date.now() - before.mtimeMs;
    const recent = ageMs < quietMs && ageMs > -1_000;
    if (recent || (previous !== undefined && !same(previous, before))) {
      if (Date.now() >= deadline) return { kind: 'changing', why: `modified ${Math.max(0, Math.round(ageMs))} ms ago` };
      previous = before;
      await sleep(recent ? quietMs - ageMs + 5 : quietMs);
      continue;
    }
    if (ageMs < IDLE_WRITER_MS) {
      const writers = await findWriters(path);
      if (writers.length > 0) return { kind: 'changing', why: `open for writing by pid ${writers.join(', ')}` };
    }
    const text = (await readRegularFile(path, CONFIG_MAX_BYTES)).toString('utf8');
    const after = await statOrNull(path);
    if (after !== null && same(before, after)) return { kind: 'settled', text, seen: after };
    if (Date.now() >= deadline) return { kind: 'changing', why: 'it changed while being read' };
    previous = after;
  }
}

function same(a: SeenFile | null, b: SeenFile | null): boolean {
  return a !== null && b !== null && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

async function statOrNull(path: string): Promise<SeenFile | null> {
  try {
    return seenFile(await stat(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(1, ms)));
}
