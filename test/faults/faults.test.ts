import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isDeadState, readProcStat } from '../../src/probe/proc-stat.js';
import { runCli } from '../helpers/run-cli.js';
import { DaemonProcess } from '../helpers/run-daemon.js';
import { TempProject, WORKERS, uniqueToken, waitFor } from '../helpers/temp-project.js';

let project: TempProject;
let daemons: DaemonProcess[] = [];
let mounted: string | null = null;
afterEach(async () => {
  for (const d of daemons) await d.stop();
  daemons = [];
  await runCli(['stop'], { cwd: project.dir });
  if (mounted) execFileSync('umount', [mounted]);
  mounted = null;
  await project.cleanup();
});

/** The recorded pid of a worker healmap started; fails the test when there is none. */
async function pidOf(name: string): Promise<number> {
  const pid = await project.workerPid(name);
  if (pid === null) throw new Error(`no pidfile for ${name}`);
  return pid;
}
const alive = async (pid: number | null): Promise<boolean> => pid !== null && !isDeadState(await readProcStat(pid));
const FAST = '## Settings\n- start within: 300ms\n- stop grace: 500ms\n';
const CONFIG_MAP = '## Configs\n### app.json\n| Field | Type | Default | Range |\n|---|---|---|---|\n| ratio | number | 0.5 | 0..1 |\n| port | integer | 8080 | 1024..65535 |\n';

/** Live processes (not zombies) whose command line holds `needle`. */
function countProcesses(needle: string): number {
  return execFileSync('ps', ['-eo', 'stat=,args=']).toString().split('\n').filter((l) => l.includes(needle) && !l.trimStart().startsWith('Z')).length;
}

describe('fault injection', () => {
  it('[fault] SIGSTOP (alive but hung): the daemon notices within a second and restarts the worker', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': `## Workers\n### w\n- command: node ${WORKERS}/write-every.mjs out/w.jsonl 200 ${uniqueToken()}\n- produces: out/w.jsonl every 30s\n${FAST}` });
    const daemon = new DaemonProcess(project.dir);
    daemons.push(daemon);
    await daemon.waitForEvent((e) => e.event === 'cycle');
    const frozen = await pidOf('w');
    process.kill(frozen, 'SIGSTOP');
    const detected = await daemon.waitForEvent((e) => e.event === 'detected' && e.trigger === 'stopped', 5000);
    expect(detected.detectMs).toBeLessThan(1500);
    await waitFor(async () => { const pid = await project.workerPid('w'); return pid !== frozen && (await alive(pid)); }, 5000, 'a new w');
    await waitFor(async () => !(await alive(frozen)), 3000, 'the frozen process gone');
  });

  it('[fault] truncated config: restored from the last good copy, the broken one kept as a backup', async () => {
    const good = '{\n  "ratio": 0.3,\n  "port": 9000,\n  "team": "data"\n}\n';
    project = new TempProject({ 'ARCHITECTURE_MAP.md': CONFIG_MAP, 'app.json': good });
    expect((await runCli(['heal'], { cwd: project.dir })).code).toBe(0);
    writeFileSync(project.path('app.json'), good.slice(0, 25));
    const heal = await runCli(['heal'], { cwd: project.dir });
    expect(heal.code).toBe(0);
    expect(heal.stdout).toContain('restored-last-good');
    expect(readFileSync(project.path('app.json'), 'utf8')).toBe(good);
    const backups = readdirSync(project.path('.healmap/backups'));
    expect(backups.map((b) => readFileSync(project.path(`.healmap/backups/${b}`), 'utf8'))).toEqual([good.slice(0, 25)]);
  });

  it('[fault] two agents started at once: exactly one wins', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': `## Workers\n### w\n- command: node ${WORKERS}/forever.mjs w ${uniqueToken()}\n${FAST}` });
    const a = new DaemonProcess(project.dir);
    const b = new DaemonProcess(project.dir);
    daemons.push(a, b);
    await waitFor(() => a.exitCode !== null || b.exitCode !== null, 8000, 'one agent to give up');
    await new Promise((r) => setTimeout(r, 1000));
    const running = [a, b].filter((d) => d.exitCode === null);
    const refused = [a, b].filter((d) => d.exitCode !== null);
    expect(running).toHaveLength(1);
    expect(refused[0]?.exitCode).toBe(3);
    expect(refused[0]?.stderr).toContain('healmap watch is already running for this map');
    expect(Number(readFileSync(project.path('.healmap/agent.lock'), 'utf8'))).toBe(running[0]?.child.pid);
  });

  it('[fault] the agent SIGKILLed mid-cycle and started again: no duplicate worker, history parses', async () => {
    const t = uniqueToken();
    project = new TempProject({
      'ARCHITECTURE_MAP.md': `## Workers\n| Worker | Command |\n|---|---|\n| a | \`node ${WORKERS}/forever.mjs a ${t}\` |\n| b | \`node ${WORKERS}/forever.mjs b ${t}\` |\n| c | \`node ${WORKERS}/forever.mjs c ${t}\` |\n## Settings\n- start within: 800ms\n`,
    });
    const first = new DaemonProcess(project.dir);
    daemons.push(first);
    await first.waitForEvent((e) => e.event === 'action', 8000);
    first.child.kill('SIGKILL');
    await waitFor(() => first.exitCode !== null || first.child.signalCode !== null, 5000, 'agent killed');
    const second = new DaemonProcess(project.dir);
    daemons.push(second);
    await second.waitForEvent((e) => e.event === 'cycle', 15_000);
    for (const name of ['a', 'b', 'c']) expect(countProcesses(`forever.mjs ${name} ${t}`)).toBe(1);
    const trail = readFileSync(project.path('.healmap/history.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
    for (const line of trail) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('[fault] a full disk (tmpfs): healmap says it cannot repair, corrupts nothing, and heals once space returns', async () => {
    project = new TempProject();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', project.dir]);
    mounted = project.dir;
    project.write('ARCHITECTURE_MAP.md', CONFIG_MAP);
    project.write('app.json', '{\n  "ratio": 0.3,\n  "port": 9000,\n  "team": "data"\n}\n');
    // 512 KiB free is under the default 500 MiB threshold: healthy, but a disk-low warning (exit 1).
    expect((await runCli(['heal'], { cwd: project.dir })).code).toBe(1);
    const check = JSON.parse((await runCli(['check', '--json'], { cwd: project.dir })).stdout) as { system: { code: string }[] };
    expect(check.system.map((s) => s.code)).toEqual(['disk-low']);
    project.write('app.json', '{"ratio": 5, "team": "data"}');
    const stateBefore = readFileSync(project.path('.healmap/state.json'), 'utf8');
    try {
      for (let i = 0; ; i++) writeFileSync(project.path(`filler-${i}.bin`), Buffer.alloc(32 * 1024));
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    const full = await runCli(['heal'], { cwd: project.dir });
    expect(full.code).toBe(2);
    expect(full.stderr).toMatch(/^healmap heal: cannot take the lock .*actions\.lock: ENOSPC: no space left on device, write; nothing was repaired$/m);
    expect(full.stdout).toContain('Nothing was repaired.');
    expect(full.stdout).toMatch(/● app.json +config +critical/);
    expect(full.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(project.path('app.json'), 'utf8')).toBe('{"ratio": 5, "team": "data"}');
    // Nothing could be repaired, so nothing was written: the state is exactly what it was.
    expect(readFileSync(project.path('.healmap/state.json'), 'utf8')).toBe(stateBefore);
    expect(readdirSync(project.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const f of readdirSync(project.dir).filter((f) => f.startsWith('filler-'))) rmSync(project.path(f));
    const healed = await runCli(['heal', '--force'], { cwd: project.dir });
    expect(healed.code).toBe(1);
    expect(JSON.parse(readFileSync(project.path('app.json'), 'utf8'))).toEqual({ ratio: 0.3, team: 'data', port: 9000 });
    const trail = existsSync(project.path('.healmap/history.jsonl')) ? readFileSync(project.path('.healmap/history.jsonl'), 'utf8') : '';
    for (const line of trail.split('\n').filter((l) => l !== '')) expect(() => JSON.parse(line)).not.toThrow();
  });
});
