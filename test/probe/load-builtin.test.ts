import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/temp-project.js';

const DIST = join(import.meta.dirname, '../../dist');
const projects: TempProject[] = [];
afterEach(async () => {
  await Promise.all(projects.splice(0).map((p) => p.cleanup()));
});

// Runs a script in a fresh node (built modules) with no pipes (a piped stdout loads `net`
// itself), and returns what it wrote to out.json.
function runFresh(project: TempProject, script: string): Record<string, unknown> {
  const out = project.path('out.json');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project.dir, stdio: 'ignore', env: { ...process.env, OUT: out, DIST } });
  expect(r.status).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
}

const LOADED = `const loaded = (m) => process.moduleLoadList.includes('NativeModule ' + m);`;

describe('built-ins the probes load on first use', () => {
  it('importing the probes loads neither child_process nor net; a port probe, a health command and a config check then work', async () => {
    const project = new TempProject({ 'app.conf': 'x = 1\n' });
    projects.push(project);
    const port = await project.listen();
    const result = runFresh(project, `
      ${LOADED}
      import { writeFileSync } from 'node:fs';
      const { probePort } = await import(process.env.DIST + '/probe/probe-port.js');
      const { runHealthCheck } = await import(process.env.DIST + '/probe/probe-health.js');
      const { runConfigCheck } = await import(process.env.DIST + '/probe/run-config-check.js');
      const before = { childProcess: loaded('child_process'), net: loaded('net') };
      const open = (await probePort(${port}, 2000, null, () => undefined)).open;
      const afterPort = { childProcess: loaded('child_process'), net: loaded('net') };
      const health = await runHealthCheck({ kind: 'command', target: 'exit 0', periodMs: 1000, timeoutMs: 5000, failureThreshold: 1, successThreshold: 1, startPeriodMs: 0 }, { port: null, cwd: process.cwd(), env: process.env });
      const config = await runConfigCheck('test -s {path}', 'app.conf', process.cwd(), 5000);
      const bad = await runConfigCheck('grep -q nothing-here {path}', 'app.conf', process.cwd(), 5000);
      writeFileSync(process.env.OUT, JSON.stringify({ before, open, afterPort, health: health.ok, config: config.ok, bad: bad.ok }));
    `);
    expect(result.before).toEqual({ childProcess: false, net: false });
    expect(result.open).toBe(true);
    expect(result.afterPort).toEqual({ childProcess: false, net: true });
    expect(result.health).toBe(true);
    expect(result.config).toBe(true);
    expect(result.bad).toBe(false);
  });
});
