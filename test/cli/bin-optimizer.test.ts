/**
 * bin/healmap.js turns V8's optimizing compiler off (`--no-opt`) for one-shot commands, which run
 * their code once, cold, and keeps it on for `watch`, whose cycle runs for days. Observed from
 * inside the real process: a preloaded probe asks V8 to optimize a function and reads its status.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/run-cli.js';
import { TempProject, waitFor } from '../helpers/temp-project.js';

const PROBE = join(REPO, 'test/fixtures/probes/optimizer-status.mjs');
const MAP = '## Workers\n| Worker | Command |\n|---|---|\n| api | `sleep 600` |\n';

let project: TempProject;
let answers: string;
afterEach(async () => {
  await runCli(['stop'], { cwd: project.dir });
  await project.cleanup();
  rmSync(answers, { recursive: true, force: true });
});

// Starts `healmap ARGS` with the probe preloaded; the probe answers in `answers/<pid>`.
function startHealmap(args: string[]) {
  return spawn(process.execPath, ['--import', PROBE, join(REPO, 'bin/healmap.js'), ...args], {
    cwd: project.dir, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1', OPTIMIZER_PROBE_DIR: answers },
  });
}

const answerOf = (pid: number): string | null => (existsSync(join(answers, String(pid))) ? readFileSync(join(answers, String(pid)), 'utf8') : null);

describe('the optimizing compiler in bin/healmap.js', () => {
  it('is off for one-shot commands and on for the watch daemon', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP });
    answers = mkdtempSync(join(tmpdir(), 'healmap-optimizer-'));
    // The probe itself tells the two apart: a bare node optimizes, node --no-opt does not.
    const bare = await new Promise<string>((resolve, reject) => execFile(process.execPath, ['--import', PROBE, '-e', 'process.stdout.write(String(process.pid))'], { env: { ...process.env, OPTIMIZER_PROBE_DIR: answers } }, (error, stdout) => (error ? reject(error) : resolve(stdout))));
    expect(answerOf(Number(bare))).toBe('optimizing');
    for (const command of [['check'], ['lint'], ['graph'], ['status']]) {
      const child = startHealmap(command);
      await new Promise((resolve) => child.once('exit', resolve));
      expect(answerOf(child.pid as number), command.join(' ')).toBe('not optimizing');
    }
    const daemon = startHealmap(['watch', '--interval', '60s']);
    try {
      // Non-empty: the probe's file exists, empty, for a moment before its answer is in it.
      await waitFor(() => Boolean(answerOf(daemon.pid as number)), 30_000, 'the daemon probe answered');
      expect(answerOf(daemon.pid as number)).toBe('optimizing');
    } finally {
      daemon.kill('SIGTERM');
      await new Promise((resolve) => (daemon.exitCode === null && daemon.signalCode === null ? daemon.once('exit', resolve) : resolve(null)));
    }
  }, 120_000);
});
