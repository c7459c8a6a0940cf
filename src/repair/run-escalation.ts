import { spawn } from 'node:child_process';

/** What the escalation hook is told, through its environment. */
export interface EscalationContext {
  component: string;
  problem: string;
  attempts: number;
  reportPath: string;
}

/**
 * Runs the map's `on escalate` command once, through the shell, with HEALMAP_COMPONENT,
 * HEALMAP_PROBLEM, HEALMAP_ATTEMPTS and HEALMAP_REPORT set. Cut off after `timeoutMs`.
 */
export function runEscalation(command: string, cwd: string, context: EscalationContext, timeoutMs = 30_000): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], {
      cwd,
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
    const collect = (chunk: Buffer): void => { output = (output + chunk.toString()).slice(-2000); };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => { clearTimeout(timer); resolve({ ok: false, detail: `could not run: ${error.message}` }); });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const tail = output.trim() === '' ? '' : `: ${output.trim().split('\n').slice(-3).join(' | ')}`;
      resolve({ ok: code === 0, detail: `on-escalate exited ${signal ?? code}${tail}` });
    });
  });
}
