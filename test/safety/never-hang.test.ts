import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { TempProject } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(async () => project.cleanup());

const MAP = '## Workers\n### w\n- command: sleep 1000\n- lock: w.lock\n\n## Configs\n### app.json\n| Field | Type | Default |\n|---|---|---|\n| port | integer | 80 |\n';

describe('never hang on files that are not regular files', () => {
  it('[attack] a FIFO as config and lock, /dev/zero as pidfile: check and heal answer probe-failed, and touch none of them', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP });
    execFileSync('mkfifo', [project.path('app.json'), project.path('w.lock')]);
    mkdirSync(project.path('.healmap/run'), { recursive: true });
    execFileSync('mknod', [project.path('.healmap/run/w.pid'), 'c', '1', '5']);
    const check = await runCli(['check', '--json'], { cwd: project.dir, timeoutMs: 20_000 });
    expect(check.code).toBe(3);
    const report = JSON.parse(check.stdout) as { components: { id: string; problems: { code: string; message: string }[] }[] };
    const problems = Object.fromEntries(report.components.map((c) => [c.id, c.problems]));
    expect(problems['config:app.json']?.[0]).toMatchObject({ code: 'probe-failed' });
    expect(problems['config:app.json']?.[0]?.message).toContain('not a regular file');
    expect(problems['worker:w']?.[0]?.message).toContain('not a regular file');
    const heal = await runCli(['heal'], { cwd: project.dir, timeoutMs: 20_000 });
    expect(heal.code).toBe(3);
    // Still the FIFOs and the device they were: nothing was repaired over them.
    expect(execFileSync('stat', ['-c', '%F', project.path('app.json'), project.path('w.lock'), project.path('.healmap/run/w.pid')]).toString().split('\n').slice(0, 3))
      .toEqual(['fifo', 'fifo', 'character special file']);
  });

  it('[attack] a FIFO or a device as the map: lint says it is not a regular file', async () => {
    project = new TempProject();
    execFileSync('mkfifo', [project.path('fifo.md')]);
    execFileSync('mknod', [project.path('zero.md'), 'c', '1', '5']);
    for (const map of ['fifo.md', 'zero.md']) {
      const lint = await runCli(['lint', '--map', map], { cwd: project.dir, timeoutMs: 20_000 });
      expect(lint.code).toBe(1);
      expect(lint.stderr).toContain(`${map}:1:1: error: Cannot read the map: it is not a regular file`);
    }
  });

  it('[attack] a map past the size cap is refused without being parsed', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': `## Workers\n### w\n- command: sleep 1\n${'> '.repeat(5_000_000)}\n` });
    const lint = await runCli(['lint'], { cwd: project.dir, timeoutMs: 20_000 });
    expect(lint.code).toBe(1);
    expect(lint.stderr).toContain('Cannot read the map: it is larger than 8 MiB');
  });
});
