import { utimesSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { TempProject } from '../helpers/temp-project.js';

let project: TempProject | undefined;
afterEach(async () => { await project?.cleanup(); project = undefined; });

const FILES = (rows: string) => `## Files\n| File | Fresh within |\n|---|---|\n${rows}\n`;

describe('say the truth', () => {
  it('[attack] a future mtime is clock skew with an unknown age, not fresh until 2099', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': FILES('| out/future.txt | 1h |\n| out/now.txt | 1h |'), 'out/future.txt': 'x', 'out/now.txt': 'x' });
    const future = new Date('2099-01-01T00:00:00Z');
    utimesSync(project.path('out/future.txt'), future, future);
    const run = await runCli(['check', '--json'], { cwd: project.dir });
    const json = JSON.parse(run.stdout) as { status: string; components: { id: string; status: string; problems: { code: string }[]; ageSeconds: number | null }[] };
    const future_ = json.components.find((c) => c.id === 'file:out/future.txt');
    expect(future_?.status).toBe('warning');
    expect(future_?.problems.map((p) => p.code)).toEqual(['clock-skew']);
    expect(future_?.ageSeconds).toBeNull();
    expect(json.components.find((c) => c.id === 'file:out/now.txt')?.status).toBe('ok');
    expect(json.status).toBe('warning');
  });

  it('[attack] the Markdown report escapes raw HTML in names and messages', async () => {
    const evil = 'out/<img src=x onerror=alert(1)>.txt';
    project = new TempProject({ 'ARCHITECTURE_MAP.md': FILES(`| ${evil} | 1h |`) });
    const run = await runCli(['report'], { cwd: project.dir });
    expect(run.stdout).toContain('file-missing');
    // Outside code spans the name is entity-escaped; inside a code span it shows literally.
    expect(run.stdout).toContain('**out/&lt;img src=x onerror=alert(1)&gt;.txt**');
    const outsideCode = run.stdout.replace(/```[\s\S]*?```/g, '').replace(/(`+)[^`]*?\1/g, '');
    expect(outsideCode).not.toMatch(/<img/);
  });
});
