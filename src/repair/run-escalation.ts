import { spawn } from 'node:child_process';
import { oneLine } from '../errors.js';

/** What the escalation hook is told, through its environment. */
export interface EscalationContext {
  component: string;
  problem: string;
  attempts: number;
  reportPath: string;
}

/**
 * Runs the map's `on escalate` command once, through the shell, with HEALMAP_COMPONENT,
 * HEALMAP_PROBLEM, HEALMAP_ATTEMPTS and HEALMAP_REPORT set. It is done when the shell exits: a
 * child it left in the background (`notify & echo sent`) keeps its pipes open but never holds
 * healing. The hook runs in its own process group, which is killed whole at `timeoutMs`.
 */
export function runEscalation(command: string, cwd: string, context: EscalationContext, timeoutMs = 30_000): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        HEALMAP_COMPONENT: context.component,
        HEALMAP_PROBLEM: context.problem,
        HEALMAP_ATTEMPTS: String(context.attempts),
        HEALMAP_REPORT: context.reportPath,
      },
    });
    let output = '';
    let timedOut = false;
    const collect = (chunk: Buffer): void => { output = (output + chunk.toString()).slice(-2000); };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the whole group is gone already
      }
    };
    // Still armed after the shell exits, for what it left in the background; never keeps healmap alive.
    const timer = setTimeout(() => { timedOut = true; killGroup(); }, timeoutMs);
    timer.unref();
    child.once('error', (error) => { clearTimeout(timer); resolve({ ok: false, detail: `could not run: ${oneLine(error.message)}` }); });
    child.once('exit', (code, signal) => {
      // Stop reading: a background child may hold the pipes open for as long as it likes.
      child.stdout.destroy();
      child.stderr.destroy();
      const lines = output.trim() === '' ? [] : output.trim().split('\n').slice(-3).map(oneLine);
      const tail = lines.length === 0 ? '' : `: ${lines.join(' | ')}`;
      const how = timedOut ? `timed out after ${timeoutMs} ms (process group killed)` : `exited ${signal ?? code}`;
      resolve({ ok: code === 0, detail: `on-escalate ${how}${tail}` });
    });
  });
}
