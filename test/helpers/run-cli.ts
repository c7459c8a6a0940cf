import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** Root of the repository, where the built binary lives. */
export const REPO = join(import.meta.dirname, '../..');

/** What a run of the built `healmap` binary printed and how it exited. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built binary (`bin/healmap.js`) as a user would, in `cwd` (as another account with `as`). */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; as?: { uid: number; gid: number } } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO, 'bin/healmap.js'), ...args],
      { cwd: options.cwd ?? REPO, env: { ...process.env, NO_COLOR: '1', ...options.env }, timeout: options.timeoutMs ?? 30_000, ...options.as },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
