import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readPidfile } from '../../src/probe/read-pidfile.js';

/** Absolute path of a fixture worker script. */
export const WORKERS = join(import.meta.dirname, '../fixtures/workers');

/** A temporary project folder with a map, removed (and its processes killed) by `cleanup`. */
export class TempProject {
  readonly dir = mkdtempSync(join(tmpdir(), 'healmap-test-'));
  readonly children: ChildProcess[] = [];
  readonly extraPids: number[] = [];
  private readonly servers: Server[] = [];

  constructor(files: Record<string, string> = {}) {
    for (const [path, content] of Object.entries(files)) this.write(path, content);
  }

  path(relative: string): string {
    return join(this.dir, relative);
  }

  write(relative: string, content: string): void {
    mkdirSync(dirname(this.path(relative)), { recursive: true });
    writeFileSync(this.path(relative), content);
  }

  /** The pid healmap recorded for a worker it started, or null while there is none. */
  async workerPid(name: string): Promise<number | null> {
    return (await readPidfile(this.path(`.healmap/run/${name}.pid`)))?.pid ?? null;
  }

  /** Sets a file's modification time to `secondsAgo` seconds in the past. */
  age(relative: string, secondsAgo: number): void {
    const when = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(this.path(relative), when, when);
  }

  /** Starts a real process in its own process group, killed at cleanup. */
  spawn(command: string, args: string[]): ChildProcess {
    const child = spawn(command, args, { cwd: this.dir, stdio: 'ignore', detached: true });
    this.children.push(child);
    return child;
  }

  /** Listens on a loopback port (a free one unless given) from this (foreign) process; returns the port. */
  async listen(port = 0): Promise<number> {
    const server = createServer((s) => s.end());
    this.servers.push(server);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const address = server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  async cleanup(): Promise<void> {
    for (const child of this.children) killGroup(child.pid);
    // Whatever still runs in the project (a worker a killed agent left behind) goes too.
    for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
      try {
        if (readlinkSync(`/proc/${entry}/cwd`).startsWith(this.dir)) killGroup(Number(entry));
      } catch {
        // gone, or not ours to read
      }
    }
    for (const pid of this.extraPids) killGroup(pid);
    await Promise.all(this.servers.map((s) => new Promise((r) => s.close(r))));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Resolves when `predicate` holds, polling every 25 ms; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A token unique to this test run, to tell apart processes started by parallel tests. */
export function uniqueToken(): string {
  return `t${process.pid}x${Math.random().toString(36).slice(2, 10)}`;
}
