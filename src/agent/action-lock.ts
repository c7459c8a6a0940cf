import { randomBytes } from 'node:crypto';
import { link, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { refuseSymlinkedStateFolder } from '../fs/confine-path.js';
import { HealmapError } from '../errors.js';
import { readRegularFile, SMALL_FILE_MAX_BYTES } from '../fs/read-regular-file.js';
import { lookUpRecord } from '../probe/process-identity.js';

/** The lock is held by another live process (as opposed to a lock that cannot be written). */
export class LockBusyError extends HealmapError {}

/** A held lock file; release it when done. */
export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Takes a pid lock file: created atomically with its content (a hard link from a temp file, so
 * no reader ever sees it empty); a lock left by a dead (or zombie) pid, or by a pid now reused
 * by a process that started after the lock was written, is taken over by renaming
 * it aside and checking what was renamed (a live taker's fresh lock is put back); a live holder
 * is waited for up to `waitMs`, then refused naming its pid. No fixed sleep: an uncontended lock
 * costs a write, a link and an unlink.
 */
export async function acquireLock(path: string, what: string, waitMs = 0): Promise<HeldLock> {
  // Locks live in `.healmap/`: every command that changes anything takes one first, so this is
  // where a state folder that is a link (moving all state elsewhere) is refused.
  try {
    refuseSymlinkedStateFolder(dirname(dirname(path)));
  } catch (error) {
    throw new HealmapError((error as Error).message, 3, { cause: error });
  }
  await mkdir(dirname(path), { recursive: true });
  const deadline = Date.now() + waitMs;
  const mine = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(mine, `${process.pid}\n`);
  } catch (error) {
    await rm(mine, { force: true });
    throw new HealmapError(`cannot take the lock ${path}: ${(error as Error).message}`, 3, { cause: error });
  }
  try {
    for (;;) {
      try {
        await link(mine, path);
        return { release: () => releaseIfOurs(path) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await readHolder(path);
      if (holder === process.pid) return { release: async () => {} };
      if (holder === null || (await holderIsGone(path, holder))) {
        await takeOverStale(path, holder);
        continue;
      }
      if (Date.now() >= deadline) throw new LockBusyError(`${what} (pid ${holder}, lock ${path})`, 3);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await rm(mine, { force: true });
  }
}

// Moves a dead holder's lock aside; if what moved is not that lock (a live taker replaced it in
// between), puts it back unless someone else already holds the path.
async function takeOverStale(path: string, deadHolder: number | null): Promise<void> {
  const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    const moved = await readHolder(aside);
    if (moved !== deadHolder && moved !== null && !(await holderIsGone(aside, moved))) {
      await link(aside, path).catch(() => {});
    }
  } finally {
    await rm(aside, { force: true });
  }
}

async function readHolder(path: string): Promise<number | null> {
  try {
    const pid = Number((await readRegularFile(path, SMALL_FILE_MAX_BYTES)).toString('utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

// Gone: dead, a zombie, or its pid reused (that process started after the lock was written).
async function holderIsGone(path: string, pid: number): Promise<boolean> {
  const writtenAtMs = await stat(path).then((s) => s.mtimeMs, () => null);
  return lookUpRecord({ pid, writtenAtMs }).state !== 'alive';
}

async function releaseIfOurs(path: string): Promise<void> {
  if ((await readHolder(path)) === process.pid) await rm(path, { force: true });
}

/**
 * One process's share of a lock file: passes that run side by side in the daemon hold it
 * together; the file is taken by the first and released by the last (a new first taker waits
 * for that release to finish).
 */
export class SharedLock {
  private holders = 0;
  private held: Promise<HeldLock> | null = null;
  private releasing: Promise<void> = Promise.resolve();

  constructor(private readonly take: () => Promise<HeldLock>) {}

  /** Joins the holders, taking the file if nobody in this process holds it. */
  async acquire(): Promise<HeldLock> {
    this.holders++;
    this.held ??= this.releasing.then(() => this.take());
    const held = this.held;
    try {
      await held;
    } catch (error) {
      if (--this.holders === 0 && this.held === held) this.held = null;
      throw error;
    }
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        if (--this.holders > 0) return;
        this.held = null;
        this.releasing = held.then((lock) => lock.release()).catch(() => {});
        await this.releasing;
      },
    };
  }
}
