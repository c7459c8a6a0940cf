import { statfs } from 'node:fs/promises';
import { freemem, totalmem } from 'node:os';

/** Free disk space of the map's filesystem and free memory of the machine. */
export interface ResourceProbe {
  diskFreeBytes: number | null;
  diskTotalBytes: number | null;
  memoryFreeBytes: number;
  memoryTotalBytes: number;
}

/** Reads free disk space (statfs on the map's folder) and free memory. */
export async function probeResources(rootDir: string): Promise<ResourceProbe> {
  let diskFreeBytes: number | null = null;
  let diskTotalBytes: number | null = null;
  try {
    const fs = await statfs(rootDir);
    diskFreeBytes = fs.bavail * fs.bsize;
    diskTotalBytes = fs.blocks * fs.bsize;
  } catch {
    // reported as unknown free space
  }
  // libuv's freemem is MemAvailable on Linux (reclaimable cache counts as free).
  return { diskFreeBytes, diskTotalBytes, memoryFreeBytes: freemem(), memoryTotalBytes: totalmem() };
}
