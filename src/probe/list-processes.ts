import { readdirSync, readFileSync } from 'node:fs';

/** One process's pid and command line, split on white space as `ps` would print it. */
export interface ListedProcess {
  pid: number;
  args: string[];
}

/**
 * Lists every process with a command line by reading `/proc` directly: one small read per
 * process instead of spawning `ps` twice (what ps-list does), which cost a one-shot `check`
 * more than everything else it did. Kernel threads and zombies (an empty command line) are
 * left out: no worker command matches them. Null when there is no `/proc` to read.
 */
export function listProcesses(): ListedProcess[] | null {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return null;
  }
  const rows: ListedProcess[] = [];
  for (const name of names) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
    } catch {
      continue; // exited since the listing, or not ours to read: as absent from `ps`
    }
    // argv is NUL-separated; `ps args` joins it with spaces, and rows are split on white space.
    const line = cmdline.replaceAll('\0', ' ').trim();
    if (line !== '') rows.push({ pid, args: line.split(/\s+/) });
  }
  return rows;
}
