import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { freePort } from '../helpers/free-port.js';
import { TempProject, WORKERS, uniqueToken, waitFor } from '../helpers/temp-project.js';

let project: TempProject;
let alertmanager: ChildProcess | null = null;
afterEach(async () => {
  if (alertmanager && alertmanager.exitCode === null) {
    alertmanager.kill('SIGTERM');
    await new Promise((r) => alertmanager?.once('exit', r));
  }
  alertmanager = null;
  await runCli(['stop'], { cwd: project.dir });
  await project.cleanup();
});


interface AmAlert { labels: Record<string, string>; annotations: Record<string, string>; status: { state: string }; endsAt: string }

async function alerts(url: string): Promise<AmAlert[]> {
  const response = await fetch(`${url}/api/v2/alerts`);
  return (await response.json()) as AmAlert[];
}

describe('notifications through a real Alertmanager', () => {
  it('fires one alert per root cause with its labels, and resolves it on recovery, running on recover', async () => {
    const t = uniqueToken();
    project = new TempProject({});
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    project.write('am/alertmanager.yml', 'route:\n  receiver: none\n  group_wait: 1s\nreceivers:\n  - name: none\n');
    alertmanager = spawn('prometheus-alertmanager', [
      `--config.file=${project.path('am/alertmanager.yml')}`, `--storage.path=${project.path('am/data')}`,
      `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=',
    ], { stdio: 'ignore' });
    await waitFor(async () => (await fetch(`${url}/-/ready`).then((r) => r.ok, () => false)), 20_000, 'alertmanager ready');
    project.write('ARCHITECTURE_MAP.md', `## Workers
| Worker | Command |
|---|---|
| flaky | \`node ${WORKERS}/needs-file.mjs fixed.flag ${t}\` |
| down | \`node ${WORKERS}/forever.mjs down ${t}\` |

## Dependencies
- down depends on flaky

## Settings
- start within: 1s
- alertmanager: ${url}
- on recover: \`echo "$HEALMAP_COMPONENT $HEALMAP_PROBLEM" >> recovered.txt\`
`);
    expect((await runCli(['lint'], { cwd: project.dir })).code).toBe(0);
    const broken = await runCli(['heal'], { cwd: project.dir });
    expect(broken.code).toBe(2);
    let fired: AmAlert[] = [];
    await waitFor(async () => (fired = await alerts(url)).length > 0, 10_000, 'an alert in Alertmanager');
    // One alert: the root cause, not its blocked dependent.
    expect(fired).toHaveLength(1);
    expect(fired[0]?.labels).toEqual({ alertname: 'HealmapRootCause', component: 'worker:flaky', kind: 'worker', problem: 'process-dead', map: project.path('ARCHITECTURE_MAP.md') });
    expect(fired[0]?.status.state).toBe('active');
    expect(fired[0]?.annotations.summary).toMatch(/^flaky: process-dead/);

    project.write('fixed.flag', '');
    const healed = await runCli(['heal', '--force'], { cwd: project.dir });
    expect(healed.code, healed.stdout).toBe(0);
    // Resolved: its endsAt is now, so Alertmanager no longer lists it as an alert.
    await waitFor(async () => (await alerts(url)).length === 0, 10_000, 'the alert resolved');
    expect(readFileSync(project.path('recovered.txt'), 'utf8')).toBe('worker:flaky process-dead\n');
  }, 90_000);
});
