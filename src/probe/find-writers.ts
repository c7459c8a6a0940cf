import { readdir, readFile, readlink } from 'node:fs/promises';

// O_ACCMODE bits of the `flags:` line in /proc/<pid>/fdinfo/<fd> (octal): 1 write-only, 2 read-write.
const WRITE_MODES = new Set([1, 2]);

/**
 * The pids of processes (other than healmap) that hold `path` open for writing, read from
 * `/proc/<pid>/fd` and `fdinfo`. A file being written in place is not one to repair. Processes
 * healmap may not inspect are skipped.
 */
export async function findWriters(path: string): Promise<number[]> {
  const writers: number[] = [];
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid);
  } catch {
    return writers;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = await readdir(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if ((await readlink(`/proc/${pid}/fd/${fd}`)) !== path) continue;
        const flags = /^flags:\s*([0-7]+)/m.exec(await readFile(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))?.[1];
        if (flags !== undefined && WRITE_MODES.has(parseInt(flags, 8) & 3)) {
          writers.push(Number(pid));
          break;
        }
      } catch {
        // closed meanwhile
      }
    }
  }
  return writers;
}
