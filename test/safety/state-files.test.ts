import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { TempProject } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(async () => project.cleanup());

const MAP = '## Files\n| File | Fresh within |\n|---|---|\n| data.txt | 1h |\n';

describe('.healmap files of valid JSON but the wrong shape', () => {
  it('[attack] a state of `{"version":1,"components":null}` is set aside and healing starts afresh', async () => {
    const bad = '{"version": 1, "components": null}\n';
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, '.healmap/state.json': bad });
    const heal = await runCli(['heal'], { cwd: project.dir });
    expect(heal.stderr).toBe('');
    expect(heal.code).toBe(0);
    expect(readFileSync(project.path('data.txt'), 'utf8')).toBe('');
    const state = JSON.parse(readFileSync(project.path('.healmap/state.json'), 'utf8')) as { components: Record<string, unknown> };
    expect(state.components).toBeTypeOf('object');
    const aside = readdirSync(project.path('.healmap')).filter((n) => n.startsWith('state.json.bad-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(project.path(`.healmap/${aside[0]}`), 'utf8')).toBe(bad);
    expect((await runCli(['check'], { cwd: project.dir })).code).toBe(0);
  });

  it('[attack] a component state with mistyped fields is not trusted (no stack trace, starts afresh)', async () => {
    const bad = '{"version": 1, "components": {"file:data.txt": {"attempts": "many", "attemptTimes": null}}}\n';
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, '.healmap/state.json': bad });
    const heal = await runCli(['heal'], { cwd: project.dir });
    expect(heal.stderr).toBe('');
    expect(heal.code).toBe(0);
  });

  it('[attack] mistyped history lines are skipped; `history` shows the good ones', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP });
    expect((await runCli(['heal'], { cwd: project.dir })).code).toBe(0);
    const good = readFileSync(project.path('.healmap/history.jsonl'), 'utf8');
    // Mistyped lines dated now, so the 24 h window does not hide them (the old code crashed on these).
    const now = new Date().toISOString();
    project.write('.healmap/history.jsonl', `{"time": "${now}", "component": {}, "action": null, "result": 7}\nnull\n[1]\n${good}{"time": "x"}\n{"time": "${now}", "component": "file:data.txt", "action": "create-file", "result": "succeeded", "attempt": "one"}\n`);
    const text = await runCli(['history'], { cwd: project.dir });
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n').filter((line) => /^\d{4}-/.test(line))).toHaveLength(good.split('\n').filter((l) => l !== '').length);
    const history = await runCli(['history', '--json'], { cwd: project.dir });
    expect(history.stderr).toBe('');
    expect(history.code).toBe(0);
    const entries = (JSON.parse(history.stdout) as { entries: { action: unknown; component: unknown }[] }).entries;
    expect(entries.map((e) => `${typeof e.component}:${String(e.action)}`)).toEqual(good.split('\n').filter((l) => l !== '').map((l) => `string:${(JSON.parse(l) as { action: string }).action}`));
  });

  it('[attack] a heartbeat of `null` or the wrong shape is no heartbeat', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP });
    for (const beat of ['null', '{"pid": "x"}', '[]']) {
      project.write('.healmap/heartbeat.json', beat);
      const status = await runCli(['status'], { cwd: project.dir });
      expect(status.stderr).toBe('');
      expect(status).toMatchObject({ code: 3, stdout: 'No healmap agent has run for this map (no heartbeat).\n' });
    }
  });
});
