import { mkdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { TempProject } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(async () => project.cleanup());

describe('healmap systemd-unit', () => {
  it('[attack] quotes the map path: `%` specifiers, `$` expansion and quotes reach healmap as written', async () => {
    project = new TempProject();
    const dir = project.path('a %h $HOME "q"');
    mkdirSync(dir);
    const unit = await runCli(['systemd-unit'], { cwd: dir });
    expect(unit.code).toBe(0);
    const exec = unit.stdout.split('\n').find((l) => l.startsWith('ExecStart='));
    expect(exec).toMatch(/ "watch" "--map" ".*\/a %%h \$\$HOME \\"q\\"\/ARCHITECTURE_MAP\.md"$/);
    expect(unit.stdout).toContain(`WorkingDirectory=${project.dir}/a %%h $HOME "q"\n`);
  });

  it('[attack] refuses a map path with a line break (it would inject a directive)', async () => {
    project = new TempProject();
    const dir = project.path('x\nExecStartPre=touch pwned');
    mkdirSync(dir);
    const unit = await runCli(['systemd-unit'], { cwd: dir });
    expect(unit.code).toBe(64);
    expect(unit.stdout).toBe('');
    expect(unit.stderr).toContain('Expected a map path without line breaks or control characters');
  });
});
