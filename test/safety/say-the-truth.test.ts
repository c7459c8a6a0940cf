import { utimesSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { formatLogLine } from '../../src/agent/daemon-log.js';
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

  const CONFIG_MAP = '## Configs\n### config/app.json\n| Field | Type | Default | Range | Required |\n|---|---|---|---|---|\n| port | integer | 8080 | 1024..65535 | yes |\n';

  it('[attack] a JSON error points at its line and column, and the check table stays one line per component', async () => {
    // V8 quotes the whole file, raw newlines included, in its message for this error.
    project = new TempProject({ 'ARCHITECTURE_MAP.md': CONFIG_MAP, 'config/app.json': '{\n  "debug": tru\n, "port": 8080,\n  "secret": "hunter2"\n}\n' });
    const json = await runCli(['check', '--json'], { cwd: project.dir });
    const message = (JSON.parse(json.stdout) as { components: { problems: { code: string; message: string }[] }[] }).components[0]?.problems[0];
    expect(message?.code).toBe('config-invalid-json');
    expect(message?.message).toContain('line 2, column 12');
    expect(message?.message).not.toContain('hunter2');
    expect(message?.message).not.toMatch(/[\n\r]/);
    const table = await runCli(['check'], { cwd: project.dir });
    const rows = table.stdout.split('\n').filter((l) => l.includes('config/app.json'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('line 2, column 12: Unexpected token');
    expect(table.stdout.split('\n').filter((l) => l.startsWith(', ')).length).toBe(0);
  });

  it('[attack] a daemon log line with a newline or escape in a message stays one line', () => {
    const line = formatLogLine('text', { message: 'restart w: exited "boom\nFAKE 12:00:00 ok\x1b[2J"' } as Parameters<typeof formatLogLine>[1]);
    expect(line.split('\n')).toEqual([expect.stringContaining('boom\\nFAKE 12:00:00 ok\\x1b[2J'), '']);
  });

  it('[attack] the heal summary names what a line above left for a human', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': CONFIG_MAP, 'config/app.json': '{"port": 1, "port": 2}\n' });
    const run = await runCli(['heal'], { cwd: project.dir });
    const lines = run.stdout.split('\n');
    expect(lines.some((l) => l.includes('config/app.json') && l.includes('for a human'))).toBe(true);
    const tally = lines.find((l) => l.startsWith('Fixed '));
    expect(tally).toContain('needs a human: config/app.json');
  });
});

