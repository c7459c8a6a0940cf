import { realpathSync } from 'node:fs';
import { constants } from 'node:fs';
import { mkdir, open, readlink, type FileHandle } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { UnsafeFileError } from '../errors.js';
import { STATE_FOLDER } from './confine-path.js';

/**
 * A folder opened once and checked where it really is. Names inside it are reached through its
 * descriptor (`/proc/self/fd/N/name`, Linux's `openat`), so a parent swapped for a symbolic link
 * after the check changes nothing: what is created, renamed or linked lands in this very folder.
 */
export interface PinnedFolder {
  /** The folder as the caller named it (for messages). */
  readonly path: string;
  /** The open folder's descriptor (to hand to a child process, which reaches it as `/proc/self/fd/N`). */
  readonly fd: number;
  /** `name` inside this very folder, however its path changes meanwhile. */
  entry(name: string): string;
  /** Checks again that the folder still lies inside `within` (it may have been moved since). */
  recheck(): Promise<void>;
  /** Turns a system error about `entry(...)` paths into one about the folder's own path. */
  explain(error: unknown): unknown;
  /** fsync of the folder, so a rename in it survives a crash (ignored where refused). */
  sync(): Promise<void>;
  close(): Promise<void>;
}

const FOLDER_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY;

/**
 * Opens `dir` (creating missing folders when `create`) one folder at a time from `within`: each
 * is opened through its parent's descriptor and its real location (read back through
 * `/proc/self/fd`) must lie inside the real `within`, and `.healmap` and its subfolders may not
 * be links at all. Throws {@link UnsafeFileError} `EOUTSIDE` otherwise, having created nothing
 * outside. Without `within` the folder is opened (and made) as it is named, unchecked.
 */
export async function pinFolder(dir: string, options: { within?: string; create?: boolean } = {}): Promise<PinnedFolder> {
  if (options.within === undefined) {
    if (options.create) await mkdir(dir, { recursive: true });
    return pinned(await open(dir, FOLDER_FLAGS), dir, null);
  }
  const realRoot = realpathSync(options.within);
  const inside = relative(options.within, dir);
  if (inside === '..' || inside.startsWith(`..${sep}`)) throw outside(dir, options.within, dir);
  let handle = await open(realRoot, FOLDER_FLAGS);
  try {
    const parts = inside === '' ? [] : inside.split(sep);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      const strict = parts[0] === STATE_FOLDER && i <= 1;
      const next = `/proc/self/fd/${handle.fd}/${part}`;
      const child = await openChild(next, strict, options.create === true).catch((error: NodeJS.ErrnoException) => {
        if (strict && (error.code === 'ELOOP' || error.code === 'ENOTDIR')) throw new UnsafeFileError('EOUTSIDE', `${parts.slice(0, i + 1).join(sep)} is a symbolic link or not a folder; healmap keeps its state only in real folders beside the map`, dir);
        throw pinned(handle, join(options.within as string, ...parts.slice(0, i)), null).explain(error);
      });
      await handle.close();
      handle = child;
      await refuseOutside(handle, realRoot, dir, options.within);
    }
    return pinned(handle, dir, { realRoot, within: options.within });
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function openChild(path: string, strict: boolean, create: boolean): Promise<FileHandle> {
  const flags = FOLDER_FLAGS | (strict ? constants.O_NOFOLLOW : 0);
  try {
    return await open(path, flags);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !create) throw error;
    // Made through the parent's descriptor: in the folder just checked, wherever its path now leads.
    await mkdir(path).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
    return open(path, flags);
  }
}

/** Where an open file or folder really is, read back from `/proc/self/fd`. */
export async function realLocation(handle: FileHandle): Promise<string> {
  return readlink(`/proc/self/fd/${handle.fd}`);
}

/** Whether `real` is `realRoot` or lies below it. */
export function liesWithin(real: string, realRoot: string): boolean {
  return real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
}

async function refuseOutside(handle: FileHandle, realRoot: string, dir: string, within: string): Promise<void> {
  const real = await realLocation(handle);
  if (!liesWithin(real, realRoot)) throw outside(dir, within, real);
}

function pinned(handle: FileHandle, path: string, check: { realRoot: string; within: string } | null): PinnedFolder {
  const prefix = `/proc/self/fd/${handle.fd}/`;
  return {
    path,
    fd: handle.fd,
    entry: (name) => `${prefix}${name}`,
    recheck: async () => {
      if (check) await refuseOutside(handle, check.realRoot, path, check.within);
    },
    explain: (error) => {
      const e = error as NodeJS.ErrnoException & { dest?: string };
      if (e instanceof Error && typeof e.message === 'string' && e.message.includes(prefix)) {
        e.message = e.message.replaceAll(prefix, `${path}${sep}`);
        if (typeof e.path === 'string') e.path = e.path.replaceAll(prefix, `${path}${sep}`);
        if (typeof e.dest === 'string') e.dest = e.dest.replaceAll(prefix, `${path}${sep}`);
      }
      return error;
    },
    sync: async () => {
      await handle.sync().catch(() => {
        // some filesystems refuse fsync on a directory; the rename is still atomic
      });
    },
    close: () => handle.close(),
  };
}

function outside(path: string, rootDir: string, real: string): UnsafeFileError {
  return new UnsafeFileError('EOUTSIDE', `${path} resolves to ${real}, outside the map's folder ${rootDir}; healmap changes nothing outside it`, path);
}
