import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Reads the start of a small file into a caller's reusable buffer; returns the byte count. For
 * the agent's hot loops (1,000 pidfiles and `/proc` stat lines a cycle): one open, one read, one
 * close, and no string or buffer allocated. Errors (ENOENT, ESRCH) are thrown for the caller.
 */
export function readInto(path: string, buffer: Buffer): number {
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, buffer, 0, buffer.length, 0);
  } finally {
    closeSync(fd);
  }
}
