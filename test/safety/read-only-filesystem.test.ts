import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/history/history-log.js';
import { runCli } from '../helpers/run-cli.js';
import { TempProject, WORKERS, uniqueToken } from '../helpers/temp-project.js';

let project: TempProject;
let mounted: string | null = null;
afterEach(async () => {
  await runCli(['stop'], { cwd: project.dir });
  if (mounted) execFileSync('umount', [mounted]);
  mounted = null;
  await project.cleanup();
});

// Tests run as root (see .ci/run); mounting a tmpfs is allowed there, as in test/faults/.
describe('a read-only filesystem', () => {
  it('[fault] a read-only mount (tmpfs, ro): each repair onto it fails as "read-only file system", nothing crashes, the rest is healed', async () => {
    const t = uniqueToken();
    project = new TempProject();
    mkdirSync(project.path('ro'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', project.path('ro')]);
    mounted = project.path('ro');
    project.write('ro/app.json', '{"port": "bad"}\n');
    execFileSync('mount', ['-o', 'remount,ro', project.path('ro')]);
    project.write('ARCHITECTURE_MAP.md', `## Workers\n### w\n- command: node ${WORKERS}/forever.mjs w ${t}\n\n## Files\n| File | Fresh within |\n|---|---|\n| ro/top.txt | 1h |\n| ro/out/data.txt | 1h |\n\n## Configs\n### ro/app.json\n| Field | Type | Default |\n|---|---|---|\n| port | integer | 8080 |\n\n## Settings\n- start within: 1s\n- stop grace: 1s\n`);
    for (const args of [['heal'], ['heal', '--force']]) {
      const heal = await runCli(args, { cwd: project.dir });
      expect(heal.code).toBe(2);
      expect(heal.stderr).not.toMatch(/\n\s+at /);
      expect(heal.stdout).toContain(`create-file ro/top.txt (file-missing, attempt ${args.length}) failed`);
      expect(heal.stdout).toContain(`EROFS: read-only file system, open '${project.path('ro/top.txt')}'`);
      // The folder it would make is named as the user wrote it, never as /proc/self/fd/N.
      expect(heal.stdout).toContain(`EROFS: read-only file system, mkdir '${project.path('ro/out')}'`);
      expect(heal.stdout).toMatch(/repair-config ro\/app\.json \(config-field-wrong-type, attempt \d\) failed in \S+ — EROFS: read-only file system, open '/);
      expect(heal.stdout).not.toContain('/proc/self/fd');
    }
    const history = await readHistory(project.path('.healmap/history.jsonl'));
    // The agent went on: the worker beside the read-only mount was started in the first pass.
    expect(history.filter((e) => e.action === 'start-worker').map((e) => e.result)).toEqual(['succeeded']);
    expect(history.filter((e) => e.action !== 'start-worker').map((e) => `${e.action}:${e.result}:${(e.detail ?? '').split(',')[0]}`).sort()).toEqual([
      'create-file:failed:EROFS: read-only file system',
      'create-file:failed:EROFS: read-only file system',
      'create-file:failed:EROFS: read-only file system',
      'create-file:failed:EROFS: read-only file system',
      'repair-config:failed:EROFS: read-only file system',
      'repair-config:failed:EROFS: read-only file system',
    ]);
    expect(readFileSync(project.path('ro/app.json'), 'utf8')).toBe('{"port": "bad"}\n');
    expect(readdirSync(project.path('ro'))).toEqual(['app.json']);
  });
});
