import { readdir, readFile, readlink } from 'node:fs/promises';
import { loadNet } from './load-builtin.js';

/** Whether a TCP port on loopback accepts connections, and which pid listens on it if known. */
export interface PortProbe {
  port: number;
  open: boolean;
  holderPid: number | null;
  /** Whether the listener is the worker or one of its descendants; null when unknown. */
  heldByWorker: boolean | null;
  /** Why healmap could not tell which process listens (the port is open but its holder unread); absent when it could. */
  holderUnknown?: string;
}

/**
 * Connects to 127.0.0.1:port with a short timeout; finds the listener's pid through /proc and
 * tells whether it is the worker (`workerPid`), a descendant of it (through `parentOf`), or a
 * member of its tree (`treePids`: its cgroup, or what is left of a dead worker's tree).
 */
export async function probePort(port: number, timeoutMs: number, workerPid: number | null, parentOf: (pid: number) => number | undefined, treePids: readonly number[] = []): Promise<PortProbe> {
  const open = await canConnect(port, Math.min(timeoutMs, 1000));
  if (!open) return { port, open, holderPid: null, heldByWorker: null };
  const candidates = [...(workerPid ? [workerPid] : []), ...treePids];
  const listener = await findListener(port, candidates);
  // With no worker to tie it to, any listener is someone else's; with one, an unseen holder is unknown.
  if (listener.pid === null) return { port, open, holderPid: null, heldByWorker: workerPid === null && treePids.length === 0 ? false : null, holderUnknown: listener.why };
  const holderPid = listener.pid;
  if (treePids.includes(holderPid)) return { port, open, holderPid, heldByWorker: true };
  let heldByWorker = false;
  for (let pid: number | undefined = holderPid, hops = 0; pid && pid > 1 && hops < 64; pid = parentOf(pid), hops++) {
    if (pid === workerPid) heldByWorker = true;
  }
  return { port, open, holderPid, heldByWorker };
}

function canConnect(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = loadNet().connect({ host: '127.0.0.1', port });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The pid whose open sockets include the listening socket on `port`; candidates are tried first. */
export async function findListenerPid(port: number, candidates: number[] = []): Promise<number | null> {
  return (await findListener(port, candidates)).pid;
}

/** The listener's pid on `port`, or null with the reason healmap cannot see it. */
export async function findListener(port: number, candidates: number[] = []): Promise<{ pid: number; why?: undefined } | { pid: null; why: string }> {
  const tables = await listeningInodes(port);
  if (tables.unread.length === 2) return { pid: null, why: `cannot read ${tables.unread.join(' or ')}` };
  const inodes = tables.inodes;
  if (inodes.size === 0) return { pid: null, why: `no listening socket on port ${port} in /proc/net/tcp or tcp6 (a listener in another network namespace, or a forwarded port)` };
  const pids = [...candidates];
  try {
    for (const entry of await readdir('/proc')) if (/^\d+$/.test(entry)) pids.push(Number(entry));
  } catch (error) {
    return { pid: null, why: `cannot list /proc (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  const seen = new Set<number>();
  let unreadable = 0;
  for (const pid of pids) {
    if (seen.has(pid)) continue;
    seen.add(pid);
    const owns = await ownsSocket(pid, inodes);
    if (owns === true) return { pid };
    if (owns === 'unreadable') unreadable++;
  }
  const uid = process.getuid?.() ?? 0;
  return {
    pid: null,
    why: unreadable > 0
      ? `no process healmap can read owns the listening socket (${unreadable} processes' open files are unreadable to uid ${uid}; without root, other users' /proc/PID/fd is closed)`
      : 'no visible process owns the listening socket (another pid namespace?)',
  };
}

async function listeningInodes(port: number): Promise<{ inodes: Set<string>; unread: string[] }> {
  const inodes = new Set<string>();
  const unread: string[] = [];
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await readFile(table, 'utf8');
    } catch {
      unread.push(table);
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // fields: sl local_address rem_address st ... inode (index 9); 0A is LISTEN
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A' && fields[9]) inodes.add(fields[9]);
    }
  }
  return { inodes, unread };
}

// 'unreadable' when the process's open files are closed to us (another user's, without root).
async function ownsSocket(pid: number, inodes: Set<string>): Promise<boolean | 'unreadable'> {
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EACCES' ? 'unreadable' : false;
  }
  for (const fd of fds) {
    try {
      const target = await readlink(`/proc/${pid}/fd/${fd}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return true;
    } catch {
      // the fd closed while we looked
    }
  }
  return false;
}
