import { rmSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { isDeadState, readProcStat } from '../../src/probe/proc-stat.js';
import { runCli } from '../helpers/run-cli.js';
import { DaemonProcess } from '../helpers/run-daemon.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { TempProject, WORKERS, uniqueToken, waitFor } from '../helpers/temp-project.js';

const agent = useAgentProjects();
let project: TempProject;

function start(args: string[] = []): DaemonProcess {
  const daemon = agent.watch(project, args);
  return daemon;
}

/** The recorded pid of a worker healmap started; fails the test when there is none. */
async function pidOf(name: string): Promise<number> {
  const pid = await project.workerPid(name);
  if (pid === null) throw new Error(`no pidfile for ${name}`);
  return pid;
}
const alive = async (pid: number | null): Promise<boolean> => pid !== null && !isDeadState(await readProcStat(pid));

function mapText(t: string, extra = ''): string {
  return `## Workers
| Worker | Command | Produces | Depends on |
|---|---|---|---|
| w | \`node ${WORKERS}/forever.mjs w ${t}\` | out/w.jsonl | — |
| writer | \`node ${WORKERS}/write-every.mjs out/fresh.jsonl 300 ${t}\` | out/fresh.jsonl every 30s | — |
${extra}
## Settings
- start within: 1s
- stop grace: 1s
`;
}

describe('healmap watch (real daemon, 60 s interval)', () => {
  it('[fault] SIGKILL and a deleted output: the worker is back and the file noticed within 5 s', async () => {
    project = agent.create({ 'ARCHITECTURE_MAP.md': mapText(uniqueToken()) });
    const daemon = start();
    await daemon.waitForEvent((e) => e.event === 'cycle');
    const before = await pidOf('w');
    process.kill(before, 'SIGKILL');
    const killedAt = Date.now();
    await waitFor(async () => { const pid = await project.workerPid('w'); return pid !== before && (await alive(pid)); }, 5000, 'w restarted');
    expect(Date.now() - killedAt).toBeLessThan(5000);
    const detected = await daemon.waitForEvent((e) => e.event === 'detected' && e.component === 'worker:w');
    expect(detected.detectMs).toBeLessThan(1000);

    const mark = daemon.events.length;
    rmSync(project.path('out/w.jsonl'));
    const deletedAt = Date.now();
    await daemon.waitForEvent((e) => e.event === 'detected' && e.component === 'file:out/w.jsonl', 5000, mark);
    expect(Date.now() - deletedAt).toBeLessThan(5000);
    await daemon.waitForEvent((e) => e.event === 'action' && e.action === 'create-file' && e.result === 'succeeded', 5000, mark);
  });

  it('flags a file within 5 s of its freshness deadline', async () => {
    const t = uniqueToken();
    project = agent.create({ 'ARCHITECTURE_MAP.md': mapText(t, `| quiet | \`node ${WORKERS}/forever.mjs quiet ${t}\` | out/quiet.jsonl every 2s | — |`) });
    const daemon = start();
    await daemon.waitForEvent((e) => e.event === 'cycle');
    const stale = await daemon.waitForEvent((e) => e.event === 'detected' && e.component === 'file:out/quiet.jsonl', 8000);
    expect(stale.trigger).toBe('stale');
    expect(stale.detectMs).toBeLessThan(5000);
    const restart = await daemon.waitForEvent((e) => e.event === 'action' && e.component === 'worker:quiet', 5000, daemon.events.indexOf(stale));
    expect(restart.problem).toBe('process-hung');
  });

  it('re-arms a file\'s deadline on each write between cycles, and flags it once the writes stop', async () => {
    const t = uniqueToken();
    project = agent.create({ 'ARCHITECTURE_MAP.md': mapText(t, `| quiet | \`node ${WORKERS}/forever.mjs quiet ${t}\` | out/quiet.jsonl every 2s | — |`) });
    const daemon = start();
    await daemon.waitForEvent((e) => e.event === 'cycle');
    const mark = daemon.events.length;
    // Written by hand every 400 ms for 4 s: twice the SLA, with no cycle in between (60 s interval).
    for (let i = 0; i < 10; i++) {
      writeFileSync(project.path('out/quiet.jsonl'), `{"i":${i}}\n`, { flag: 'a' });
      await new Promise((r) => setTimeout(r, 400));
    }
    expect(daemon.events.slice(mark).filter((e) => e.event === 'detected')).toEqual([]);
    const lastWrite = Date.now() - 400;
    const stale = await daemon.waitForEvent((e) => e.event === 'detected' && e.component === 'file:out/quiet.jsonl', 5000, mark);
    expect(stale.trigger).toBe('stale');
    expect(Date.now() - lastWrite).toBeGreaterThanOrEqual(2000);
  });

  it('[fault] the map edited into an invalid state: the old graph keeps running', async () => {
    const t = uniqueToken();
    project = agent.create({ 'ARCHITECTURE_MAP.md': mapText(t) });
    const daemon = start();
    await daemon.waitForEvent((e) => e.event === 'cycle');
    project.write('ARCHITECTURE_MAP.md', `${mapText(t)}\n## Dependencies\n- w depends on ghost_worker\n`);
    const invalid = await daemon.waitForEvent((e) => e.event === 'map-invalid');
    expect(invalid.errors).toEqual([expect.stringMatching(/ARCHITECTURE_MAP\.md:\d+:\d+: error: Unknown reference `ghost_worker`/)]);
    const before = await pidOf('w');
    process.kill(before, 'SIGKILL');
    await waitFor(async () => { const pid = await project.workerPid('w'); return pid !== before && (await alive(pid)); }, 5000, 'w restarted under the old graph');
    project.write('ARCHITECTURE_MAP.md', mapText(t, `| extra | \`node ${WORKERS}/forever.mjs extra ${t}\` | — | — |`));
    await daemon.waitForEvent((e) => e.event === 'map-reloaded');
    await waitFor(async () => alive(await project.workerPid('extra')), 5000, 'new worker started');
  });

  it('refuses a second agent for the same map, naming the running pid', async () => {
    project = agent.create({ 'ARCHITECTURE_MAP.md': mapText(uniqueToken()) });
    const first = start();
    await first.waitForEvent((e) => e.event === 'start');
    const second = await runCli(['watch'], { cwd: project.dir });
    expect(second.code).toBe(3);
    expect(second.stderr).toContain(`healmap watch is already running for this map (pid ${first.child.pid}`);
  });

  it('leaves workers running on SIGTERM; a new agent adopts them without restarting', async () => {
    project = agent.create({ 'ARCHITECTURE_MAP.md': mapText(uniqueToken()) });
    const first = start();
    await first.waitForEvent((e) => e.event === 'cycle');
    const pids = [await pidOf('w'), await pidOf('writer')];
    expect(await first.stop()).toBe(0);
    for (const pid of pids) expect(await alive(pid)).toBe(true);
    expect((await runCli(['status'], { cwd: project.dir })).code).toBe(2);
    const second = start();
    const cycle = await second.waitForEvent((e) => e.event === 'cycle');
    expect(cycle.status).toBe('ok');
    expect(second.events.filter((e) => e.event === 'action')).toEqual([]);
    expect([await pidOf('w'), await pidOf('writer')]).toEqual(pids);
    const status = await runCli(['status'], { cwd: project.dir });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`healmap agent pid ${second.child.pid} is alive`);
  });

  it('keeps healing without its dashboard when the HTTP port is taken', async () => {
    project = agent.create({ 'ARCHITECTURE_MAP.md': mapText(uniqueToken()) });
    const port = await project.listen();
    const daemon = start(['--http', `127.0.0.1:${port}`]);
    const error = await daemon.waitForEvent((e) => e.event === 'error');
    expect(error.message).toMatch(new RegExp(`^cannot serve http on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE.*; healing continues without the dashboard$`));
    const cycle = await daemon.waitForEvent((e) => e.event === 'cycle');
    expect(cycle.status).toBe('ok');
  });

  it('serves /metrics as Prometheus text and a dashboard that shows the root cause in Chromium', async () => {
    const t = uniqueToken();
    project = agent.create({ 'ARCHITECTURE_MAP.md': mapText(t, `| broken | \`node ${WORKERS}/exit-1.mjs ${t}\` | out/broken.jsonl | — |\n| after_broken | \`node ${WORKERS}/forever.mjs ab ${t}\` | — | out/broken.jsonl |`) });
    const daemon = start(['--http', '127.0.0.1:0']);
    const http = await daemon.waitForEvent((e) => e.event === 'http');
    await daemon.waitForEvent((e) => e.event === 'cycle');
    const url = String(http.url);
    const metrics = await (await fetch(`${url}metrics`)).text();
    expectPrometheusText(metrics);
    expect(metrics).toMatch(/^healmap_component_status\{component="worker:broken",kind="worker"\} 2$/m);
    expect(metrics).toMatch(/^healmap_repairs_total\{component="worker:broken",action="start-worker",result="failed"\} 1$/m);
    expect(metrics).toMatch(/^healmap_cycle_duration_seconds_count\{trigger="start"\} 1$/m);
    const health = (await (await fetch(`${url}health`)).json()) as { status: string; rootCauses: string[] };
    expect(health).toMatchObject({ status: 'critical', rootCauses: ['worker:broken'] });

    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      expect(await page.textContent('#status')).toBe('CRITICAL');
      expect(await page.textContent('li.root')).toContain('broken');
      expect(await page.locator('svg g.node[data-id="worker:broken"]').getAttribute('data-status')).toBe('critical');
      const banner = await page.evaluate('getComputedStyle(document.querySelector("header")).backgroundColor');
      expect(banner).toBe('rgb(201, 42, 42)');
      await page.screenshot({ path: project.path('dashboard.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it('shows what happened (timeline, escalation with its resolve command, log lines) and refreshes /health and /metrics after an event-driven repair', async () => {
    const t = uniqueToken();
    project = agent.create({ 'ARCHITECTURE_MAP.md': `## Workers
| Worker | Command |
|---|---|
| w | \`node ${WORKERS}/forever.mjs w ${t}\` |
| gate | \`node ${WORKERS}/needs-file.mjs ready.flag ${t}\` |

## Settings
- start within: 1s
- stop grace: 1s
- backoff: 0s
` });
    // A 10-minute interval: anything that changes within the test came from an event, not a cycle.
    const daemon = start(['--http', '127.0.0.1:0', '--interval', '10m']);
    const url = String((await daemon.waitForEvent((e) => e.event === 'http')).url);
    await daemon.waitForEvent((e) => e.event === 'action' && e.component === 'worker:gate' && e.result === 'escalated', 30_000);
    const before = await pidOf('w');
    process.kill(before, 'SIGKILL');
    await daemon.waitForEvent((e) => e.event === 'action' && e.component === 'worker:w' && e.result === 'succeeded', 10_000);
    const overall = async (): Promise<string | undefined> => /^healmap_status (\d)$/m.exec(await (await fetch(`${url}metrics`)).text())?.[1];
    const agentStatus = async (): Promise<string> => ((await (await fetch(`${url}health`)).json()) as { agent: { status: string } }).agent.status;
    await waitFor(async () => (await agentStatus()) === 'critical' && (await overall()) === '2', 10_000, 'critical while gate is escalated');

    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      // the repair after the kill, newest first: w's restart comes before gate's escalation
      const rows = await page.locator('#timeline tbody tr').allTextContents();
      const restart = rows.findIndex((r) => /^\S+ \S+w(?:start|restart)-worker.*succeeded/.test(r));
      const escalation = rows.findIndex((r) => r.includes('gate') && r.includes('escalated'));
      expect(restart).toBeGreaterThanOrEqual(0);
      expect(escalation).toBeGreaterThan(restart);
      expect(await page.textContent('li.escalation[data-id="worker:gate"] code.resolve')).toBe('healmap resolve gate');
      expect(await page.textContent('tr[data-worker="worker:gate"] pre.log')).toContain('needs-file: ready.flag is missing');
      expect(Number(await page.textContent('tr[data-worker="worker:w"] td.restarts'))).toBeGreaterThanOrEqual(2);
      await page.screenshot({ path: project.path('activity.png'), fullPage: true });

      // A person fixes gate and resolves it: the event-driven repair turns /health and /metrics ok at once.
      writeFileSync(project.path('ready.flag'), '');
      const mark = daemon.events.length;
      expect((await runCli(['resolve', 'gate'], { cwd: project.dir })).code).toBe(0);
      await daemon.waitForEvent((e) => e.event === 'action' && e.component === 'worker:gate' && e.result === 'succeeded', 15_000, mark);
      await waitFor(async () => (await agentStatus()) === 'ok' && (await overall()) === '0', 10_000, 'ok after the repair, long before the interval');
      expect(daemon.events.filter((e) => e.event === 'cycle')).toHaveLength(1);
      await page.reload();
      expect(await page.locator('li.escalation').count()).toBe(0);
      expect(await page.textContent('#timeline tbody tr:first-child')).toMatch(/gate.*succeeded/);
    } finally {
      await browser.close();
    }
  }, 90_000);
});

// Checks every line against the Prometheus text exposition format (0.0.4).
function expectPrometheusText(text: string): void {
  const name = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const labels = `\\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\.)*",?)*\\}`;
  const sample = new RegExp(`^${name}(?:${labels})? (?:[-+]?(?:[0-9.]+(?:e[-+]?[0-9]+)?|Inf|NaN))(?: -?[0-9]+)?$`);
  const meta = new RegExp(`^# (?:HELP ${name} .*|TYPE ${name} (?:counter|gauge|histogram|summary|untyped))$`);
  const lines = text.trimEnd().split('\n');
  expect(lines.length).toBeGreaterThan(10);
  // Blank lines are allowed between metric families.
  expect(lines.filter((line) => line !== '' && !sample.test(line) && !meta.test(line))).toEqual([]);
}
