import { stat } from 'node:fs/promises';

/** What healmap sees of a data file: whether it exists, its size and its age. */
export interface FileProbe {
  exists: boolean;
  sizeBytes: number | null;
  mtimeMs: number | null;
  ageMs: number | null;
}

/** Stats a file; a missing file is a finding (exists: false), other errors are thrown. */
export async function probeFile(path: string, now: number): Promise<FileProbe> {
  try {
    const info = await stat(path);
    return { exists: true, sizeBytes: info.size, mtimeMs: info.mtimeMs, ageMs: Math.max(0, now - info.mtimeMs) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { exists: false, sizeBytes: null, mtimeMs: null, ageMs: null };
    throw error;
  }
}
