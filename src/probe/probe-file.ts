import { statSync } from 'node:fs';

/** What healmap sees of a data file: whether it exists, its size and its age. */
export interface FileProbe {
  exists: boolean;
  sizeBytes: number | null;
  mtimeMs: number | null;
  ageMs: number | null;
}

/**
 * Stats a file; a missing file is a finding (exists: false), other errors are thrown.
 * Synchronous: a stat is ~3 µs this way and ~25 µs of main-thread time through the promise API,
 * which is the difference between 10,000 files checking in well under 250 ms or not.
 */
export function probeFile(path: string, now: number): FileProbe {
  try {
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info) return { exists: false, sizeBytes: null, mtimeMs: null, ageMs: null };
    return { exists: true, sizeBytes: info.size, mtimeMs: info.mtimeMs, ageMs: Math.max(0, now - info.mtimeMs) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { exists: false, sizeBytes: null, mtimeMs: null, ageMs: null };
    throw error;
  }
}
