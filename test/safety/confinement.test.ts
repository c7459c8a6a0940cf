import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { useOutsideFolder } from '../helpers/outside-folder.js';
import type { TempProject } from '../helpers/temp-project.js';

let project: TempProject;
let outside: string;
const setUp = useOutsideFolder((p, o) => {
  project = p;
  outside = o;
});
/** Every file under `dir` with its content, to show nothing changed there. */
const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort().map((name) => {
    const path = join(dir, name);
    return [name, lstatSync(path).isFile() ? readFileSync(path, 'utf8') : 'dir'];
  }));

const CONFIG = (path: string): string => `## Configs\n### ${path}\n| Field | Type | Default |\n|---|---|---|\n| port | integer | 8080 |\n`;

describe('heal never leaves the map\'s folder', () => {
  it('[attack] a missing file under a folder that links outside is not created there', async () => {
    setUp({ 'ARCHITECTURE_MAP.md': '## Files\n| File | Fresh within |\n|---|---|\n| out/new/data.txt | 1h |\n' });
    symlinkSync(outside, project.path('out'));
    const heal = await runCli(['heal'], { cwd: project.dir });
    expect(heal.code).not.toBe(0);
    expect(heal.stdout).toContain('EOUTSIDE');
    expect(snapshot(outside)).toEqual({});
  });

  it('[attack] a config in a folder that links outside is neither rewritten nor backed up over', async () => {
    setUp({ 'ARCHITECTURE_MAP.md': CONFIG('conf/app.json') });
    writeFileSync(join(outside, 'app.json'), '{"port": "not a number"}');
    symlinkSync(outside, project.path('conf'));
    const before = snapshot(outside);
    const heal = await runCli(['heal'], { cwd: project.dir });
    expect(heal.code).not.toBe(0);
    expect(snapshot(outside)).toEqual(before);
  });

  it('[attack] a config that is a symbolic link stays a link, its target unchanged', async () => {
    setUp({ 'ARCHITECTURE_MAP.md': CONFIG('app.json') });
    writeFileSync(join(outside, 'app.json'), '{"port": "not a number"}');
    symlinkSync(join(outside, 'app.json'), project.path('app.json'));
    const heal = await runCli(['heal'], { cwd: project.dir });
    expect(heal.code).not.toBe(0);
    expect(lstatSync(project.path('app.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(outside, 'app.json'), 'utf8')).toBe('{"port": "not a number"}');
  });

  it('[attack] a stale lock in a folder that links outside is not deleted', async () => {
    setUp({ 'ARCHITECTURE_MAP.md': '## Workers\n### w\n- command: sleep 1000\n- lock: locks/w.lock\n' });
    writeFileSync(join(outside, 'w.lock'), '999999999\n');
    symlinkSync(outside, project.path('locks'));
    await runCli(['heal'], { cwd: project.dir });
    expect(readFileSync(join(outside, 'w.lock'), 'utf8')).toBe('999999999\n');
    await runCli(['stop'], { cwd: project.dir });
  });

  it('[attack] a symlinked .healmap (or .healmap/run) is refused before anything is written', async () => {
    setUp({ 'ARCHITECTURE_MAP.md': '## Files\n| File | Fresh within |\n|---|---|\n| data.txt | 1h |\n' });
    symlinkSync(outside, project.path('.healmap'));
    const heal = await runCli(['heal'], { cwd: project.dir });
    // It still reports what it sees; it repairs nothing.
    expect(heal.code).toBe(1);
    expect(heal.stdout).toContain('Nothing was repaired.');
    expect(heal.stderr).toContain('.healmap is a symbolic link; healmap keeps its state only in real folders beside the map; nothing was repaired');
    expect(snapshot(outside)).toEqual({});
    rmSync(project.path('.healmap'));
    mkdirSync(project.path('.healmap'));
    symlinkSync(outside, project.path('.healmap/run'));
    expect((await runCli(['heal'], { cwd: project.dir })).stderr).toContain('run is a symbolic link');
    expect(snapshot(outside)).toEqual({});
  });

  it('[attack] a dangling symbolic link as an output is reported as such, not "skipped" forever', async () => {
    setUp({ 'ARCHITECTURE_MAP.md': '## Files\n| File | Fresh within |\n|---|---|\n| data.txt | 1h |\n' });
    symlinkSync(join(outside, 'gone/data.txt'), project.path('data.txt'));
    for (let i = 0; i < 2; i++) {
      const heal = await runCli(['heal'], { cwd: project.dir });
      expect(heal.code).not.toBe(0);
      expect(heal.stdout).toContain(`is a symbolic link to ${join(outside, 'gone/data.txt')}, which does not exist`);
      expect(heal.stdout).not.toContain('skipped');
    }
    expect(snapshot(outside)).toEqual({});
  });
});
