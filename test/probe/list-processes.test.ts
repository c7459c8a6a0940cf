import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { listProcesses } from '../../src/probe/list-processes.js';
import { indexProcesses } from '../../src/probe/probe-processes.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

// What `ps` prints as the command line of `pid`, split as healmap splits it.
const psArgs = (pid: number): string[] => execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim().split(/\s+/);

const waitFor = async (condition: () => boolean): Promise<void> => {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 20 s');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('listing processes from /proc', () => {
  it('gives each process the command line ps shows, also after it renames its own title', async () => {
    const plain = spawn('sleep', ['3600', '60']);
    // A process that rewrites its title, as redis and nginx do.
    const renamed = spawn(process.execPath, ['-e', "process.title = 'renamed-worker --role cache'; setInterval(() => {}, 1000); console.log('ready')"], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(plain, renamed);
    await new Promise((r) => renamed.stdout?.once('data', r));
    const rows = listProcesses();
    expect(rows).not.toBeNull();
    const byPid = new Map(rows?.map((r) => [r.pid, r.args]));
    expect(byPid.get(plain.pid as number)).toEqual(['sleep', '3600', '60']);
    expect(byPid.get(plain.pid as number)).toEqual(psArgs(plain.pid as number));
    expect(byPid.get(renamed.pid as number)).toEqual(['renamed-worker', '--role', 'cache']);
    expect(byPid.get(renamed.pid as number)).toEqual(psArgs(renamed.pid as number));
    // Indexed by the last argument, as the command-line search looks them up.
    expect(indexProcesses(rows ?? []).byLastArg.get('cache')?.map((r) => r.pid)).toContain(renamed.pid);
  });

  it('leaves out a zombie and a process that has exited', async () => {
    // A child that exits while nobody reaps it: its parent keeps running without waiting.
    const parent = spawn('sh', ['-c', 'sleep 0.1 & exec sleep 3600']);
    children.push(parent);
    const zombie = (): number | null => {
      for (const line of execFileSync('ps', ['-o', 'pid=,stat=', '--ppid', String(parent.pid)], { encoding: 'utf8' }).trim().split('\n')) {
        const [pid, stat] = line.trim().split(/\s+/);
        if (stat?.startsWith('Z')) return Number(pid);
      }
      return null;
    };
    await waitFor(() => zombie() !== null);
    const pids = new Set(listProcesses()?.map((r) => r.pid));
    expect(pids.has(zombie() as number)).toBe(false);
    expect(pids.has(parent.pid as number)).toBe(true);
    const gone = spawn('true');
    await new Promise((r) => gone.once('exit', r));
    expect(listProcesses()?.some((r) => r.pid === gone.pid)).toBe(false);
  });
});
