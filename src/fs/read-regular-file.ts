import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { UnsafeFileError } from '../errors.js';

/** At most this much of a pidfile or lock file is read (a pid record is a few dozen bytes). */
export const SMALL_FILE_MAX_BYTES = 4 * 1024;
/** At most this much of a config is read; a larger one is a `probe-failed` finding. */
export const CONFIG_MAX_BYTES = 8 * 1024 * 1024;
/** At most this much of a map is read (a 10,000-worker map is about 1 MB). */
export const MAP_MAX_BYTES = 8 * 1024 * 1024;
/** At most this much of healmap's own state files (state, heartbeat, reports, history) is read. */
export const STATE_MAX_BYTES = 256 * 1024 * 1024;

/** Options of the regular-file readers; all optional. */
export interface ReadRegularOptions {
  /** Follow a symbolic link at the leaf (the map a user named); default false: a link is refused. */
  followSymlink?: boolean;
}

// Never blocks on a FIFO (O_NONBLOCK: the open returns at once, fstat then refuses it) and never
// follows a link at the leaf unless asked.
function flags(options: ReadRegularOptions): number {
  return constants.O_RDONLY | constants.O_NONBLOCK | (options.followSymlink ? 0 : constants.O_NOFOLLOW);
}

/**
 * Reads a regular file of at most `maxBytes` bytes, synchronously (the agent's hot probes). A
 * FIFO, socket or device (`/dev/zero`) is refused (`ENOTREG`) without reading a byte, a larger
 * file is refused (`EFBIG`), a symlink at the leaf is refused (`ESYMLINK`); ENOENT and other
 * system errors are thrown as they are, for the caller to sort.
 */
export function readRegularFileSync(path: string, maxBytes: number, options: ReadRegularOptions = {}): Buffer {
  const fd = openOrExplain(path, options, () => openSync(path, flags(options)));
  try {
    const info = fstatSync(fd);
    checkRegular(path, info.isFile(), info.size, maxBytes);
    const buffer = Buffer.allocUnsafe(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    // Read to the end or one byte past the cap: a file growing while read is still bounded.
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, length);
      if (n === 0) break;
      length += n;
    }
    checkRegular(path, true, length, maxBytes);
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** Where {@link readRegularInto} leaves the file's mtime, from the fstat it makes anyway. */
export interface ReadIntoStats {
  mtimeMs: number;
}

/**
 * Reads the start of a small regular file into a caller's reusable buffer (no allocation: the
 * agent reads 1,000 pidfiles a cycle) and returns the byte count; refuses as
 * {@link readRegularFileSync} does, and a file that fills the whole buffer is `EFBIG`. When
 * `stats` is given its mtime is filled in (a pidfile's age, without a second stat).
 */
export function readRegularInto(path: string, buffer: Buffer, stats?: ReadIntoStats): number {
  const fd = openOrExplain(path, {}, () => openSync(path, flags({})));
  try {
    const info = fstatSync(fd);
    checkRegular(path, info.isFile(), 0, buffer.length);
    if (stats) stats.mtimeMs = info.mtimeMs;
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    if (length >= buffer.length) throw tooLarge(path, buffer.length - 1);
    return length;
  } finally {
    closeSync(fd);
  }
}

/** The asynchronous form of {@link readRegularFileSync}, for reads off the hot path. */
export async function readRegularFile(path: string, maxBytes: number, options: ReadRegularOptions = {}): Promise<Buffer> {
  const handle = await openOrExplainAsync(path, options);
  try {
    const info = await handle.stat();
    checkRegular(path, info.isFile(), info.size, maxBytes);
    const buffer = Buffer.allocUnsafe(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    checkRegular(path, true, length, maxBytes);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** {@link readRegularFile} decoded as UTF-8, or null when the file does not exist. */
export async function readOptionalText(path: string, maxBytes: number, options: ReadRegularOptions = {}): Promise<string | null> {
  try {
    return (await readRegularFile(path, maxBytes, options)).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function checkRegular(path: string, isFile: boolean, size: number, maxBytes: number): void {
  if (!isFile) throw new UnsafeFileError('ENOTREG', `${path} is not a regular file (a FIFO, socket, device or folder); healmap reads only regular files`, path);
  if (size > maxBytes) throw tooLarge(path, maxBytes);
}

function tooLarge(path: string, maxBytes: number): UnsafeFileError {
  return new UnsafeFileError('EFBIG', `${path} is larger than the ${maxBytes.toLocaleString('en-US')} bytes healmap reads of such a file`, path);
}

function openOrExplain(path: string, options: ReadRegularOptions, openIt: () => number): number {
  try {
    return openIt();
  } catch (error) {
    throw explainOpenError(path, options, error);
  }
}

async function openOrExplainAsync(path: string, options: ReadRegularOptions) {
  try {
    return await open(path, flags(options));
  } catch (error) {
    throw explainOpenError(path, options, error);
  }
}

// O_NOFOLLOW on a link fails with ELOOP, which reads as "too many symbolic links": say what it is.
function explainOpenError(path: string, options: ReadRegularOptions, error: unknown): unknown {
  if (!options.followSymlink && (error as NodeJS.ErrnoException).code === 'ELOOP') {
    return new UnsafeFileError('ESYMLINK', `${path} is a symbolic link; healmap does not follow links at the leaf`, path, { cause: error });
  }
  return error;
}
