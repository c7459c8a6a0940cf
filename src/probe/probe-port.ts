import { connect } from 'node:net';
import { readdir, readFile, readlink } from 'node:fs/promises';

/** Whether a TCP port on loopback accepts connections, and which pid listens on it if known. */
export interface PortProbe {
  port: number;
  open: boolean;
  holderPid: number | null;
  /** Whether the listener is the worker or one of its descendants; null when unknown. */
  heldByWorker: boolean | null;
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
  const holderPid = await findListenerPid(port, candidates);
  if (holderPid === null) return { port, open, holderPid, heldByWorker: workerPid === null && treePids.length === 0 ? false : null };
  if (treePids.includes(holderPid)) return { port, open, holderPid, heldByWorker: true };
  let heldByWorker = false;
  for (let pid: number | undefined = holderPid, hops = 0; pid && pid > 1 && hops < 64; pid = parentOf(pid), hops++) {
    if (pid === workerPid) heldByWorker = true;
  }
  return { port, open, holderPid, heldByWorker };
}

function canConnect(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
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
  const inodes = await listeningInodes(port);
  if (inodes.size === 0) return null;
  const pids = [...candidates];
  try {
    for (const entry of await readdir('/proc')) if (/^\d+$/.test(entry)) pids.push(Number(entry));
  } catch {
    return null;
  }
  const seen = new Set<number>();
  for (const pid of pids) {
    if (seen.has(pid)) continue;
    seen.add(pid);
    if (await ownsSocket(pid, inodes)) return pid;
  }
  return null;
}

async function listeningInodes(port: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await readFile(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // fields: sl local_address rem_address st ... inode (index 9); 0A is LISTEN
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A' && fields[9]) inodes.add(fields[9]);
    }
  }
  return inodes;
}

async function ownsSocket(pid: number, inodes: Set<string>): Promise<boolean> {
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch {
    return false;
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
