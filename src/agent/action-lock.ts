import { open, rm, mkdir, stat } from 'node:fs/promises';
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
 * Takes a pid lock file: created exclusively; a lock left by a dead (or zombie) pid, or by a pid
 * now reused by a process that started after the lock was written, is taken over; a live holder
 * is waited for up to `waitMs`, then refused naming its pid.
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
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(`${process.pid}\n`);
      } catch (error) {
        await handle.close();
        await rm(path, { force: true });
        throw new HealmapError(`cannot take the lock ${path}: ${(error as Error).message}`, 3, { cause: error });
      }
      await handle.close();
      // A racing taker may have removed the stale lock after we created ours: confirm we hold it.
      await new Promise((r) => setTimeout(r, 50));
      if ((await readHolder(path)) === process.pid) return { release: () => releaseIfOurs(path) };
      continue;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readHolder(path);
    if (holder === process.pid) return { release: async () => {} };
    if (holder === null || (await holderIsGone(path, holder))) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline) throw new LockBusyError(`${what} (pid ${holder}, lock ${path})`, 3);
    await new Promise((r) => setTimeout(r, 100));
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
