import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSystem } from '../../src/agent/check-system.js';
import type { ComponentHealth, Diagnosis } from '../../src/diagnose/types.js';
import { loadMap } from '../../src/map/load-map.js';
import { TempProject, WORKERS, uniqueToken, waitFor } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(async () => project?.cleanup());

function chainMap(token: string, mid = `node ${WORKERS}/write-every.mjs out/mid.jsonl 200 ${token}`): string {
  return `# Chain
## Workers
| Worker | Command | Produces | Depends on |
|---|---|---|---|
| up | \`node ${WORKERS}/write-every.mjs out/up.jsonl 200 ${token}\` | out/up.jsonl every 5s | — |
| mid | \`${mid}\` | out/mid.jsonl every 2s | out/up.jsonl |
| down | \`node ${WORKERS}/forever.mjs down ${token}\` | — | out/mid.jsonl |
`;
}

async function diagnoseProject(): Promise<Diagnosis> {
  const map = await loadMap(project.path('ARCHITECTURE_MAP.md'));
  expect(map.messages).toEqual([]);
  return (await checkSystem(map)).diagnosis;
}

function component(d: Diagnosis, id: string): ComponentHealth {
  const found = d.components.find((c) => c.id === id);
  if (!found) throw new Error(`no component ${id}`);
  return found;
}

const codes = (c: ComponentHealth) => c.problems.map((p) => p.code);

describe('diagnosing a real chain of workers', () => {
  it('reports everything healthy with pid, uptime and memory of each worker', async () => {
    const token = uniqueToken();
    project = new TempProject({ 'ARCHITECTURE_MAP.md': chainMap(token) });
    project.spawn('node', [`${WORKERS}/write-every.mjs`, 'out/up.jsonl', '200', token]);
    const mid = project.spawn('node', [`${WORKERS}/write-every.mjs`, 'out/mid.jsonl', '200', token]);
    project.spawn('node', [`${WORKERS}/forever.mjs`, 'down', token]);
    await waitFor(async () => (await diagnoseProject()).status === 'ok', 5000, 'healthy chain');
    const d = await diagnoseProject();
    expect(d.rootCauses).toEqual([]);
    expect(component(d, 'worker:mid').facts).toMatchObject({ state: 'running', pid: mid.pid, identifiedBy: 'command-line' });
    expect(component(d, 'worker:mid').facts.memoryBytes).toBeGreaterThan(1024 * 1024);
    expect(component(d, 'worker:mid').facts.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('makes a dead producer the one root cause of its stale output and blocked consumer', async () => {
    const token = uniqueToken();
    project = new TempProject({ 'ARCHITECTURE_MAP.md': chainMap(token), 'out/mid.jsonl': '{}\n' });
    project.age('out/mid.jsonl', 60);
    project.spawn('node', [`${WORKERS}/write-every.mjs`, 'out/up.jsonl', '200', token]);
    project.spawn('node', [`${WORKERS}/forever.mjs`, 'down', token]);
    await waitFor(async () => component(await diagnoseProject(), 'file:out/up.jsonl').status === 'ok', 5000, 'up writing');
    const d = await diagnoseProject();
    expect(d.rootCauses).toEqual(['worker:mid']);
    expect(d.status).toBe('critical');
    expect(d.components[0]?.id).toBe('worker:mid');
    expect(codes(component(d, 'worker:mid'))).toEqual(['process-dead']);
    expect(component(d, 'file:out/mid.jsonl')).toMatchObject({ causedBy: 'worker:mid', status: 'warning' });
    expect(codes(component(d, 'file:out/mid.jsonl'))).toEqual(['file-stale']);
    expect(component(d, 'worker:down')).toMatchObject({ causedBy: 'worker:mid', status: 'warning' });
    expect(codes(component(d, 'worker:down'))).toEqual(['dependency-unhealthy']);
    expect(component(d, 'worker:mid').blastRadius).toEqual(['file:out/mid.jsonl', 'worker:down']);
  });

  it('blames the upstream worker when two workers of one chain are dead', async () => {
    const token = uniqueToken();
    project = new TempProject({ 'ARCHITECTURE_MAP.md': chainMap(token), 'out/up.jsonl': '{}\n', 'out/mid.jsonl': '{}\n' });
    project.age('out/up.jsonl', 60);
    project.age('out/mid.jsonl', 60);
    project.spawn('node', [`${WORKERS}/forever.mjs`, 'down', token]);
    const d = await diagnoseProject();
    expect(d.rootCauses).toEqual(['worker:up']);
    expect(component(d, 'worker:mid')).toMatchObject({ causedBy: 'worker:up', status: 'critical' });
    expect(codes(component(d, 'worker:mid'))).toEqual(['process-dead']);
    expect(component(d, 'worker:up').blastRadius).toEqual(['file:out/up.jsonl', 'worker:mid', 'file:out/mid.jsonl', 'worker:down']);
  });

  it('makes a live worker whose output is stale the root cause (hung worker)', async () => {
    const token = uniqueToken();
    project = new TempProject({ 'ARCHITECTURE_MAP.md': chainMap(token, `node ${WORKERS}/forever.mjs mid ${token}`), 'out/mid.jsonl': '{}\n' });
    project.age('out/mid.jsonl', 60);
    project.spawn('node', [`${WORKERS}/write-every.mjs`, 'out/up.jsonl', '200', token]);
    project.spawn('node', [`${WORKERS}/forever.mjs`, 'mid', token]);
    project.spawn('node', [`${WORKERS}/forever.mjs`, 'down', token]);
    // Not hung before it has run one SLA (2 s): a fresh worker gets its chance to write.
    expect((await diagnoseProject()).rootCauses).not.toContain('worker:mid');
    await waitFor(async () => (await diagnoseProject()).rootCauses.includes('worker:mid'), 10_000, 'hung mid');
    const d = await diagnoseProject();
    expect(d.rootCauses).toEqual(['worker:mid']);
    expect(component(d, 'worker:mid').problems[0]?.message).toMatch(/^alive but its output out\/mid.jsonl is stale \(1m\d*s? old, SLA 2s\)$/);
    expect(component(d, 'file:out/mid.jsonl').causedBy).toBe('worker:mid');
  });

  it('sees a worker frozen with SIGSTOP as stopped', async () => {
    const token = uniqueToken();
    project = new TempProject({ 'ARCHITECTURE_MAP.md': chainMap(token) });
    const mid = project.spawn('node', [`${WORKERS}/write-every.mjs`, 'out/mid.jsonl', '200', token]);
    await waitFor(async () => component(await diagnoseProject(), 'worker:mid').facts.state === 'running', 5000, 'mid running');
    process.kill(mid.pid as number, 'SIGSTOP');
    await waitFor(async () => component(await diagnoseProject(), 'worker:mid').facts.state === 'stopped', 5000, 'mid stopped');
    expect(codes(component(await diagnoseProject(), 'worker:mid'))).toEqual(['process-stopped']);
  });
});

describe('diagnosing processes by pidfile', () => {
  it('treats a zombie as dead', async () => {
    project = new TempProject();
    project.spawn('bash', ['-c', 'sleep 0 & echo $! > zombie.pid; exec sleep 60']);
    await waitFor(() => { try { return execFileSync('cat', [project.path('zombie.pid')]).length > 0; } catch { return false; } }, 5000, 'zombie pid');
    const zombiePid = Number(execFileSync('cat', [project.path('zombie.pid')]).toString());
    await waitFor(() => execFileSync('cat', [`/proc/${zombiePid}/stat`]).toString().includes(') Z '), 5000, 'zombie state');
    project.write('ARCHITECTURE_MAP.md', '## Workers\n### z\n- command: sleep 0\n- pidfile: zombie.pid\n');
    const d = await diagnoseProject();
    expect(codes(component(d, 'worker:z'))).toEqual(['process-zombie']);
    expect(component(d, 'worker:z').facts).toMatchObject({ state: 'zombie', pid: zombiePid });
    expect(d.status).toBe('critical');
  });

  it('does not take a reused pid for the worker', async () => {
    const token = uniqueToken();
    project = new TempProject();
    const other = project.spawn('node', [`${WORKERS}/forever.mjs`, 'someone-else', token]);
    // The pidfile was written an hour before this process started: its pid was reused since.
    project.write('run/w.pid', `${other.pid}\n`);
    project.age('run/w.pid', 3600);
    project.write('ARCHITECTURE_MAP.md', `## Workers\n### w\n- command: node ${WORKERS}/forever.mjs w ${token}\n- pidfile: run/w.pid\n`);
    await waitFor(() => { try { return execFileSync('cat', [`/proc/${other.pid}/cmdline`]).toString().includes('someone-else'); } catch { return false; } }, 5000, 'other started');
    const w = component(await diagnoseProject(), 'worker:w');
    expect(codes(w)).toEqual(['process-dead']);
    expect(w.problems[0]?.message).toContain(`pid ${other.pid} from run/w.pid is another process now (pid reused: it started`);
    expect(w.problems[0]?.message).toContain('after the pidfile was written');
  });

  it('finds a worker by its declared pidfile first', async () => {
    const token = uniqueToken();
    project = new TempProject();
    const child = project.spawn('node', [`${WORKERS}/forever.mjs`, 'w', token]);
    project.write('run/w.pid', `${child.pid}\n`);
    project.write('ARCHITECTURE_MAP.md', `## Workers\n### w\n- command: node ${WORKERS}/forever.mjs w ${token}\n- pidfile: run/w.pid\n`);
    await waitFor(async () => component(await diagnoseProject(), 'worker:w').status === 'ok', 5000, 'w found');
    expect(component(await diagnoseProject(), 'worker:w').facts).toMatchObject({ pid: child.pid, identifiedBy: 'pidfile' });
  });
});

describe('diagnosing configs, locks, ports and probe failures', () => {
  const configMap = `## Configs
### config/app.json
| Field | Type | Default | Range | Required |
|---|---|---|---|---|
| ratio | number | 0.5 | 0..1 | yes |
| port | integer | 8080 | 1024..65535 | yes |
| name | string | app | — | no |
`;

  it('reports where a corrupt config stops parsing', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': configMap, 'config/app.json': '{\n  "ratio": 0.5,\n  "port": 80,,\n}\n' });
    const c = component(await diagnoseProject(), 'config:config/app.json');
    expect(codes(c)).toEqual(['config-invalid-json']);
    expect(c.problems[0]?.message).toMatch(/^does not parse at line 3, column 14: /);
    expect(c.status).toBe('critical');
  });

  it('reports each missing, mistyped and out-of-range field of a partial config', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': configMap, 'config/app.json': '{ "ratio": 1.5, "name": 3, "extra": true }' });
    const c = component(await diagnoseProject(), 'config:config/app.json');
    expect(c.problems.map((p) => `${p.code}: ${p.message}`)).toEqual([
      'config-field-out-of-range: field `ratio` is 1.5, outside 0..1',
      'config-field-missing: field `port` is missing',
      'config-field-wrong-type: field `name` should be string, got 3',
    ]);
  });

  it('calls a lock stale when its pid is dead and fine when it is alive', async () => {
    const token = uniqueToken();
    const dead = execFileSync('bash', ['-c', 'sleep 0 & echo $!; wait']).toString().trim();
    project = new TempProject({
      'ARCHITECTURE_MAP.md': `## Workers\n| Worker | Command | Lock |\n|---|---|---|\n| a | node ${WORKERS}/forever.mjs a ${token} | run/a.lock |\n| b | node ${WORKERS}/forever.mjs b ${token} | run/b.lock |\n`,
      'run/a.lock': `${dead}\n`,
    });
    project.spawn('node', [`${WORKERS}/forever.mjs`, 'a', token]);
    const b = project.spawn('node', [`${WORKERS}/forever.mjs`, 'b', token]);
    project.write('run/b.lock', `${b.pid}\n`);
    await waitFor(async () => component(await diagnoseProject(), 'worker:b').facts.state === 'running', 5000, 'workers up');
    const d = await diagnoseProject();
    expect(component(d, 'worker:a').problems.map((p) => p.message)).toEqual([`lock run/a.lock records pid ${dead}, which is dead`]);
    expect(component(d, 'worker:b')).toMatchObject({ status: 'ok', facts: { lockHolder: 'alive', lockPid: b.pid } });
  });

  it('names the foreign process holding a worker\'s port', async () => {
    const token = uniqueToken();
    project = new TempProject();
    const port = await project.listen();
    project.write('ARCHITECTURE_MAP.md', `## Workers\n### api\n- command: node ${WORKERS}/listen.mjs ${port} ${token}\n- port: ${port}\n`);
    const api = component(await diagnoseProject(), 'worker:api');
    expect(codes(api)).toEqual(['process-dead', 'port-held-by-other']);
    expect(api.problems[1]?.message).toBe(`port ${port} is held by pid ${process.pid}, not by this worker`);
  });

  it('sees a worker listening on its own port as healthy', async () => {
    const token = uniqueToken();
    project = new TempProject();
    const port = await project.listen();
    await project.cleanup();
    project = new TempProject({ 'ARCHITECTURE_MAP.md': `## Workers\n### api\n- command: node ${WORKERS}/listen.mjs ${port} ${token}\n- port: ${port}\n` });
    const child = project.spawn('node', [`${WORKERS}/listen.mjs`, String(port), token]);
    await waitFor(async () => component(await diagnoseProject(), 'worker:api').status === 'ok', 5000, 'api listening');
    expect(component(await diagnoseProject(), 'worker:api').facts).toMatchObject({ portOpen: true, portHolderPid: child.pid });
  });

  it('turns a probe that fails into an unknown finding, not a crash', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': configMap });
    project.write('config/app.json/inner', 'a directory where a file should be');
    const c = component(await diagnoseProject(), 'config:config/app.json');
    expect(c.status).toBe('unknown');
    expect(c.problems[0]?.message).toMatch(/^cannot read: ENOTREG: .* is not a regular file/);
  });
});
