import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMap } from '../../src/map/load-map.js';
import type { HealthCheckSpec } from '../../src/map/types.js';
import { checkWorkerHealth, foldHealth, runHealthCheck, type HealthVerdict } from '../../src/probe/probe-health.js';
import { TempProject } from '../helpers/temp-project.js';

const servers: Server[] = [];
const projects: TempProject[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  await Promise.all(projects.splice(0).map((p) => p.cleanup()));
});

async function serve(status: number): Promise<number> {
  const server = createServer((_req, res) => { res.statusCode = status; res.end('x'); });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

const spec = (over: Partial<HealthCheckSpec>): HealthCheckSpec => ({ kind: 'command', target: 'true', periodMs: 1000, timeoutMs: 1000, failureThreshold: 3, successThreshold: 1, startPeriodMs: 0, ...over });
const context = { port: null, cwd: process.cwd(), env: process.env };

describe('running a health check', () => {
  it('counts 2xx and 3xx answers as healthy and 5xx as failing', async () => {
    const ok = await serve(204);
    const moved = await serve(302);
    const broken = await serve(503);
    expect((await runHealthCheck(spec({ kind: 'http', target: `http://127.0.0.1:${ok}/` }), context)).ok).toBe(true);
    expect((await runHealthCheck(spec({ kind: 'http', target: `http://127.0.0.1:${moved}/` }), context)).ok).toBe(true);
    expect(await runHealthCheck(spec({ kind: 'http', target: `http://127.0.0.1:${broken}/health` }), context)).toEqual({ ok: false, detail: `GET http://127.0.0.1:${broken}/health answered 503` });
  });

  it('checks a tcp port, and kills a command that outlives its timeout', async () => {
    const port = await serve(200);
    expect((await runHealthCheck(spec({ kind: 'tcp', target: '' }), { ...context, port })).ok).toBe(true);
    const slow = await runHealthCheck(spec({ target: 'sleep 30', timeoutMs: 300 }), context);
    expect(slow).toEqual({ ok: false, detail: '`sleep 30` did not answer within 300 ms' });
    expect(await runHealthCheck(spec({ target: 'echo nope; exit 3' }), context)).toEqual({ ok: false, detail: '`echo nope; exit 3` failed (exit 3): nope' });
  });
});

describe('checking a worker as the worker', () => {
  it('runs the check in the worker\'s folder with its env file and env, and fails it when the env file is unreadable', async () => {
    const project = new TempProject({
      'ARCHITECTURE_MAP.md': '## Workers\n### w\n- command: `sleep 60`\n- cwd: app\n- env file: w.env\n- env: B=2\n- health: `test "$A" = 1 && test "$B" = 2 && test "$HEALMAP_WORKER" = w && test -f here`\n',
      'w.env': 'A=1\nB=from-file\n',
      'app/here': '',
    });
    projects.push(project);
    const { model, ok, messages } = await loadMap(project.path('ARCHITECTURE_MAP.md'));
    expect({ ok, messages }).toMatchObject({ ok: true });
    const worker = model.workers[0]!;
    expect(await checkWorkerHealth(model, worker)).toMatchObject({ ok: true });
    project.write('w.env', 'A=2\n');
    expect(await checkWorkerHealth(model, worker)).toMatchObject({ ok: false });
    rmSync(project.path('w.env'));
    expect(await checkWorkerHealth(model, worker)).toEqual({ ok: false, detail: 'cannot read env file w.env: ENOENT' });
  });
});

describe('folding results into a verdict', () => {
  const proc = { pid: 42, startTicks: 7, uptimeMs: 60_000 };
  const fail = { ok: false, detail: 'down' };
  const pass = { ok: true, detail: 'up' };
  const fold = (check: HealthCheckSpec, results: { ok: boolean; detail: string }[], p = proc): HealthVerdict | null =>
    results.reduce<HealthVerdict | null>((v, r) => foldHealth(v, r, check, p, 0), null);

  it('turns unhealthy only after the failure threshold in a row, and healthy after the success threshold', () => {
    const check = spec({ failureThreshold: 3, successThreshold: 2 });
    expect(fold(check, [fail, fail, pass, fail, fail])?.healthy).toBe(true);
    expect(fold(check, [fail, fail, fail])?.healthy).toBe(false);
    expect(fold(check, [fail, fail, fail, pass])?.healthy).toBe(false);
    expect(fold(check, [fail, fail, fail, pass, pass])?.healthy).toBe(true);
  });

  it('does not count failures inside the start period, and starts afresh for a new process', () => {
    const check = spec({ failureThreshold: 1, startPeriodMs: 30_000 });
    expect(fold(check, [fail, fail], { ...proc, uptimeMs: 5_000 })?.healthy).toBe(true);
    const sick = fold(check, [fail]);
    expect(sick?.healthy).toBe(false);
    expect(foldHealth(sick, pass, check, { ...proc, pid: 43 }, 0).healthy).toBe(true);
  });
});
