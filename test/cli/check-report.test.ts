import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { TempProject, WORKERS, uniqueToken, waitFor } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(async () => project?.cleanup());

function map(token: string): string {
  return `## Workers\n| Worker | Command | Produces | Critical |\n|---|---|---|---|\n| a | \`node ${WORKERS}/write-every.mjs out/a.jsonl 200 ${token}\` | out/a.jsonl every 10s | yes |\n| b | \`node ${WORKERS}/forever.mjs b ${token}\` | — | no |\n`;
}

describe('healmap check (built binary)', () => {
  it('exits 0 when everything is healthy, 1 on a warning, 2 on a critical problem', async () => {
    const token = uniqueToken();
    project = new TempProject({ 'ARCHITECTURE_MAP.md': map(token) });
    project.spawn('node', [`${WORKERS}/write-every.mjs`, 'out/a.jsonl', '200', token]);
    const b = project.spawn('node', [`${WORKERS}/forever.mjs`, 'b', token]);
    await waitFor(async () => (await runCli(['check'], { cwd: project.dir })).code === 0, 8000, 'healthy');
    process.kill(b.pid as number, 'SIGKILL');
    await waitFor(async () => (await runCli(['check'], { cwd: project.dir })).code === 1, 8000, 'warning for the non-critical worker');
    const result = await runCli(['check', '--json'], { cwd: project.dir });
    const json = JSON.parse(result.stdout) as { status: string; rootCauses: string[] };
    expect(json).toMatchObject({ status: 'warning', rootCauses: ['worker:b'] });
    project.children[0]?.kill('SIGKILL');
    await waitFor(async () => (await runCli(['check'], { cwd: project.dir })).code === 2, 8000, 'critical');
  });

  it('exits 3 (unknown) on an invalid map and writes nothing', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': '## Workers\n| Worker | Command |\n|---|---|\n| a | |\n' });
    const result = await runCli(['check', '--json'], { cwd: project.dir });
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'unknown' });
    expect(result.stderr).toContain('ARCHITECTURE_MAP.md:4:1: error: Worker `a` has no command');
  });
});

describe('healmap report (built binary)', () => {
  it('writes a self-contained HTML report to --out and Markdown to stdout', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': map(uniqueToken()) });
    const html = await runCli(['report', '--format', 'html', '--out', 'health.html'], { cwd: project.dir });
    expect(html.code).toBe(0);
    const page = readFileSync(project.path('health.html'), 'utf8');
    expect(page).toContain('<h1 id="status">CRITICAL</h1>');
    expect(page).toContain('data-root="worker:a"');
    const md = await runCli(['report'], { cwd: project.dir });
    expect(md.stdout).toMatch(/^# healmap report — CRITICAL\n/);
    expect(md.stdout).toContain('```mermaid\nflowchart LR');
  });
});
