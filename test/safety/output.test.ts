import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/run-cli.js';
import { TempProject, waitFor } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(async () => project.cleanup());

function sh(script: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', script], { cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('output that goes nowhere', () => {
  it('[attack] `heal | head -1`: EPIPE is ignored, the pass finishes and every action is recorded', async () => {
    const files = Array.from({ length: 40 }, (_, i) => `| out/f${i}.txt | 1h |`).join('\n');
    project = new TempProject({ 'ARCHITECTURE_MAP.md': `## Files\n| File | Fresh within |\n|---|---|\n${files}\n` });
    // The heal's own exit status, written by the shell after the pipeline.
    const run = await sh(`{ node ${join(REPO, 'bin/healmap.js')} heal; echo $? > heal-exit; } | head -1`, project.dir);
    expect(run.stdout.split('\n')[0]).toMatch(/^✓ create-file out\/f\d+\.txt/);
    await waitFor(() => { try { return readFileSync(project.path('heal-exit'), 'utf8').trim() !== ''; } catch { return false; } }, 30_000, 'heal to exit');
    expect(run.stderr).not.toContain('EPIPE');
    expect(readFileSync(project.path('heal-exit'), 'utf8').trim()).toBe('0');
    const history = readFileSync(project.path('.healmap/history.jsonl'), 'utf8').trim().split('\n');
    expect(history).toHaveLength(40);
  });
});
