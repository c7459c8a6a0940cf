import { execFileSync } from 'node:child_process';
import { existsSync, linkSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../src/history/history-log.js';
import { isDeadState, readProcStat } from '../../src/probe/proc-stat.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { runCli } from '../helpers/run-cli.js';
import { healProject } from '../helpers/heal-project.js';
import { TempProject, WORKERS, uniqueToken, waitFor } from '../helpers/temp-project.js';

const agent = useAgentProjects();
let project: TempProject;

// A start window longer than Node's boot under CI load, so a crashing worker fails its start.
// `min uptime: 0s`: these tests kill workers moments after a repair and mean a later, fresh fault.
const FAST = '## Settings\n- start within: 1s\n- stop grace: 1s\n- min uptime: 0s\n';

const heal = (options: { force?: boolean } = {}) => healProject(project, options);

const history = () => readHistory(project.path('.healmap/history.jsonl'));

describe('healing in dependency order', () => {
  it('restarts and verifies the upstream worker before its dependents', async () => {
    const t = uniqueToken();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers
| Worker | Command | Produces | Depends on |
|---|---|---|---|
| down | \`node ${WORKERS}/forever.mjs down ${t}\` | — | out/mid.jsonl |
| mid | \`node ${WORKERS}/write-every.mjs out/mid.jsonl 100 ${t}\` | out/mid.jsonl every 1 min | out/up.jsonl |
| up | \`node ${WORKERS}/write-every.mjs out/up.jsonl 100 ${t}\` | out/up.jsonl every 1 min | — |
${FAST}`,
    });
    const result = await heal();
    expect(result.after.status).toBe('ok');
    const restarts = (await history()).filter((e) => e.action === 'start-worker');
    expect(restarts.map((e) => [e.component, e.result])).toEqual([['worker:up', 'succeeded'], ['worker:mid', 'succeeded'], ['worker:down', 'succeeded']]);
    for (let i = 1; i < restarts.length; i++) {
      const previous = restarts[i - 1] as { time: string; durationMs: number };
      expect(Date.parse((restarts[i] as { time: string }).time)).toBeGreaterThanOrEqual(Date.parse(previous.time) + previous.durationMs);
    }
    expect(readFileSync(project.path('.healmap/run/up.pid'), 'utf8')).toMatch(/^\{"pid":\d+,"startTicks":\d+,"command":"node /);
  });

  it('rewrites the state file only when the state changes', async () => {
    const t = uniqueToken();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers
| Worker | Command |
|---|---|
| solo | \`node ${WORKERS}/forever.mjs solo ${t}\` |
${FAST}`,
    });
    await heal();
    // The start opened an incident, and this check sees it healthy again: both are changes.
    await heal();
    const statePath = project.path('.healmap/state.json');
    // An atomic write renames a new file into place. A hard link keeps the old file's inode taken,
    // so a rewrite can never be handed the same inode number back: same inode, no write.
    const before = project.path('state-before.json');
    linkSync(statePath, before);
    const rewritten = (): boolean => statSync(statePath).ino !== statSync(before).ino;
    expect((await heal()).plan.actions).toEqual([]);
    expect(rewritten()).toBe(false);
    const pid = await project.workerPid('solo');
    expect(pid).not.toBeNull();
    process.kill(pid as number, 'SIGKILL');
    // The signal is sent, not yet acted on: on a busy machine the next probe could still see it run.
    await waitFor(async () => isDeadState(await readProcStat(pid as number)), 10_000, 'solo to die');
    const restart = (await heal()).executed.find((e) => e.action.target === 'worker:solo');
    expect(restart?.result).toBe('succeeded');
    expect(rewritten()).toBe(true);
    // A restart that worked is remembered (crash-loop window) but does not climb the ladder.
    const remembered = JSON.parse(readFileSync(statePath, 'utf8')).components['worker:solo'];
    expect(remembered.attempts).toBe(0);
    expect(remembered.attemptTimes).toHaveLength(1);
  });

  it('leaves a dependent blocked when its producer cannot be started', async () => {
    const t = uniqueToken();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers
| Worker | Command | Produces | Depends on |
|---|---|---|---|
| up | \`node ${WORKERS}/exit-1.mjs ${t}\` | out/up.jsonl | — |
| down | \`node ${WORKERS}/forever.mjs down ${t}\` | — | out/up.jsonl |
${FAST}`,
    });
    const result = await heal();
    expect(result.executed.map((e) => [e.action.kind, e.action.target, e.result])).toEqual([
      ['start-worker', 'worker:up', 'failed'],
      ['create-file', 'file:out/up.jsonl', 'blocked'],
      ['start-worker', 'worker:down', 'blocked'],
    ]);
    expect(result.executed[0]?.detail).toMatch(/exited during start \(code 1\)/);
  });
});

describe('retries and escalation', () => {
  it('[fault] a worker that exits at once (crash loop): escalates once after the ladder, no thrashing, the rest untouched', async () => {
    const t = uniqueToken();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers
| Worker | Command |
|---|---|
| crashy | \`node ${WORKERS}/exit-1.mjs ${t}\` |
| steady | \`node ${WORKERS}/forever.mjs steady ${t}\` |

## Settings
- start within: 1s
- backoff: 0s
- on escalate: \`echo "$HEALMAP_COMPONENT|$HEALMAP_PROBLEM|$HEALMAP_ATTEMPTS|$HEALMAP_REPORT" >> escalations.txt\`
`,
    });
    await heal();
    const steadyPid = readFileSync(project.path('.healmap/run/steady.pid'), 'utf8');
    for (let i = 0; i < 5; i++) await heal();
    const crashy = (await history()).filter((e) => e.component === 'worker:crashy');
    expect(crashy.map((e) => `${e.action}:${e.result}`)).toEqual([
      'start-worker:failed', 'restart-with-dependents:failed', 'restart-worker:failed', 'escalate:escalated', 'wait:skipped', 'wait:skipped',
    ]);
    const lines = readFileSync(project.path('escalations.txt'), 'utf8').trim().split('\n');
    expect(lines).toEqual([`worker:crashy|process-dead|3|${project.path('.healmap/report.json')}`]);
    expect(JSON.parse(readFileSync(project.path('.healmap/report.json'), 'utf8'))).toMatchObject({ status: 'critical' });
    expect(readFileSync(project.path('.healmap/run/steady.pid'), 'utf8')).toBe(steadyPid);
    const check = JSON.parse((await runCli(['check', '--json'], { cwd: project.dir })).stdout) as { components: { id: string; problems: { code: string }[] }[] };
    expect(check.components.find((c) => c.id === 'worker:crashy')?.problems.map((p) => p.code)).toEqual(['process-dead', 'needs-manual-intervention']);
    expect(check.components.find((c) => c.id === 'worker:steady')?.problems).toEqual([]);
  });

  it('waits out the backoff between attempts unless forced', async () => {
    const t = uniqueToken();
    project = agent.create({ 'ARCHITECTURE_MAP.md': `## Workers\n### crashy\n- command: node ${WORKERS}/exit-1.mjs ${t}\n${FAST}` });
    await heal();
    const second = await heal();
    expect(second.executed.map((e) => e.result)).toEqual(['skipped']);
    expect(second.executed[0]?.detail).toMatch(/^backoff after attempt 1: next attempt in (8|9|10)s$/);
    const forced = await heal({ force: true });
    expect(forced.executed.map((e) => `${e.action.kind}:${e.result}`)).toEqual(['restart-with-dependents:failed']);
  });
});

describe('repairing configs', () => {
  const map = `## Configs
### config/app.json
| Field | Type | Default | Range |
|---|---|---|---|
| ratio | number | 0.5 | 0..1 |
| port | integer | 8080 | 1024..65535 |
`;

  it('[fault] a garbage config: restored from its last known good copy, backup kept, unknown fields kept', async () => {
    const good = '{\n    "ratio": 0.25,\n    "port": 9000,\n    "owner": "team-a"\n}\n';
    project = agent.create({ 'ARCHITECTURE_MAP.md': map, 'config/app.json': good });
    await heal();
    project.write('config/app.json', '\u0000garbage{{');
    const result = await heal();
    expect(result.executed[0]?.detail).toMatch(/^restored-last-good: the file did not parse; restored the last known good copy; backup /);
    expect(readFileSync(project.path('config/app.json'), 'utf8')).toBe(good);
    const backups = readdirSync(project.path('.healmap/backups'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(project.path('.healmap/backups'), backups[0] as string), 'utf8')).toBe('\u0000garbage{{');
  });

  it('fixes bad fields with the last good value, changing nothing else: other fields, their layout and order stay byte for byte', async () => {
    project = agent.create({ 'ARCHITECTURE_MAP.md': map, 'config/app.json': '{\n\t"ratio": 0.25,\n\t"port": 9000\n}\n' });
    await heal();
    project.write('config/app.json', '{\n\t"owner": "x",\n\t"ratio": 7,\n\t"extra": [1]\n}\n');
    const result = await heal();
    expect(result.executed[0]?.detail).toMatch(/^fixed-fields: replaced `ratio` = 0.25 \(last known good value\); added `port` = 9000 \(last known good value\); backup /);
    expect(readFileSync(project.path('config/app.json'), 'utf8')).toBe('{\n\t"owner": "x",\n\t"ratio": 0.25,\n\t"extra": [1],\n\t"port": 9000\n}\n');
  });

  it('rebuilds an unparsable config from defaults only when there is no good copy, and says so', async () => {
    project = agent.create({ 'ARCHITECTURE_MAP.md': map, 'config/app.json': '{ "ratio": ' });
    const result = await heal();
    expect(result.executed[0]?.detail).toMatch(/^rebuilt-from-defaults: the file did not parse and no good copy exists/);
    expect(JSON.parse(readFileSync(project.path('config/app.json'), 'utf8'))).toEqual({ ratio: 0.5, port: 8080 });
    expect(readdirSync(project.path('.healmap/backups'))).toHaveLength(1);
  });

  it('creates a missing config from the defaults', async () => {
    project = agent.create({ 'ARCHITECTURE_MAP.md': map });
    await heal();
    expect(JSON.parse(readFileSync(project.path('config/app.json'), 'utf8'))).toEqual({ ratio: 0.5, port: 8080 });
    expect(existsSync(project.path('.healmap/backups'))).toBe(false);
  });
});

describe('locks and ports', () => {
  it('[fault] a stale lock: removed, while a live one is left alone', async () => {
    const t = uniqueToken();
    const deadPid = execFileSync('bash', ['-c', 'sleep 0 & echo $!; wait']).toString().trim();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers\n| Worker | Command | Lock |\n|---|---|---|\n| a | \`node ${WORKERS}/forever.mjs a ${t}\` | run/a.lock |\n| b | \`node ${WORKERS}/forever.mjs b ${t}\` | run/b.lock |\n${FAST}`,
      'run/a.lock': `${deadPid}\n`,
      'run/b.lock': `${process.pid}\n`,
    });
    const result = await heal();
    expect(result.executed.find((e) => e.action.kind === 'remove-lock')).toMatchObject({ result: 'succeeded', detail: expect.stringMatching(new RegExp(`^removed \\(pid ${deadPid} was dead\\); backup .*\\.bak$`)) });
    expect(existsSync(project.path('run/a.lock'))).toBe(false);
    expect(readFileSync(project.path('run/b.lock'), 'utf8')).toBe(`${process.pid}\n`);
    expect(result.after.status).toBe('ok');
  });

  it('[fault] a port held by a foreign process: never killed, escalated', async () => {
    const t = uniqueToken();
    project = agent.create();
    const port = await project.listen();
    project.write('ARCHITECTURE_MAP.md', `## Workers\n### api\n- command: node ${WORKERS}/listen.mjs ${port} ${t}\n- port: ${port}\n${FAST}`);
    const result = await heal();
    expect(result.executed.map((e) => `${e.action.kind}:${e.result}`)).toEqual(['escalate:escalated']);
    expect(result.executed[0]?.action.reason).toContain(`port ${port} is held by pid ${process.pid}`);
    await new Promise<void>((resolve, reject) => connect(port, '127.0.0.1').once('connect', resolve).once('error', reject));
  });
});

describe('safety', () => {
  it('plan and heal --dry-run change nothing on disk and start nothing', async () => {
    const t = uniqueToken();
    project = agent.create({ 'ARCHITECTURE_MAP.md': `## Workers\n### a\n- command: node ${WORKERS}/forever.mjs a ${t}\n- produces: out/a.jsonl\n\n## Configs\n### c.json\n- x: number, default 1\n`, 'c.json': '{' });
    const snapshot = () => listTree(project.dir);
    const before = snapshot();
    const plan = await runCli(['plan'], { cwd: project.dir });
    expect(plan.stdout).toContain('repair-config');
    expect(plan.stdout).toMatch(/start-worker +a\n/);
    await runCli(['heal', '--dry-run'], { cwd: project.dir });
    expect(snapshot()).toEqual(before);
    expect((await runCli(['check', '--json'], { cwd: project.dir })).stdout).toContain('"state": "dead"');
  });

  it('[fault] healmap SIGKILLed mid-repair, six times: no half-written config or state, no duplicate worker', async () => {
    const t = uniqueToken();
    project = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers\n### w\n- command: node ${WORKERS}/forever.mjs w ${t}\n- start within: 400ms\n\n## Configs\n### c.json\n- x: number, default 1\n- y: string, default two\n`,
    });
    for (let round = 0; round < 6; round++) {
      project.write('c.json', `{"x": "wrong", "keep": ${round}}`);
      const child = project.spawn(process.execPath, [join(import.meta.dirname, '../../bin/healmap.js'), 'heal']);
      await new Promise((r) => setTimeout(r, 150 + round * 90));
      child.kill('SIGKILL');
      if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
      expect(() => JSON.parse(readFileSync(project.path('c.json'), 'utf8'))).not.toThrow();
      if (existsSync(project.path('.healmap/state.json'))) expect(() => JSON.parse(readFileSync(project.path('.healmap/state.json'), 'utf8'))).not.toThrow();
    }
    await heal({ force: true });
    const final = await heal({ force: true });
    expect(final.after.status).toBe('ok');
    expect(JSON.parse(readFileSync(project.path('c.json'), 'utf8'))).toMatchObject({ x: 1, y: 'two', keep: 5 });
    const running = execFileSync('ps', ['-eo', 'stat,args']).toString().split('\n').filter((l) => l.includes(`forever.mjs w ${t}`) && !l.startsWith('Z'));
    expect(running).toHaveLength(1);
    // Every line of the trail parses: appends are whole lines, fsynced.
    const trail = existsSync(project.path('.healmap/history.jsonl')) ? readFileSync(project.path('.healmap/history.jsonl'), 'utf8') : '';
    for (const line of trail.split('\n').filter((l) => l !== '')) expect(() => JSON.parse(line)).not.toThrow();
  });
});

function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = statSync(p);
      out.push(`${p}:${s.size}:${s.mtimeMs}`);
      if (s.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}
