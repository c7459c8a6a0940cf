import { loadChildProcess } from './load-builtin.js';

/** The outcome of a config's `validate with` command. */
export interface ConfigCheck {
  ok: boolean;
  detail: string;
}

// What is kept of the command's output for the report.
const MAX_OUTPUT_CHARS = 2000;

/** Quotes a path for `/bin/sh` (single quotes; a single quote inside is closed and escaped). */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * Runs a config's `validate with` command (`nginx -t -c {path}`; `{path}` becomes the config's
 * quoted absolute path, also in HEALMAP_CONFIG) in its own process group: exit code 0 means
 * valid. Bounded by `timeoutMs`, after which the whole group is killed and the check fails.
 */
export function runConfigCheck(command: string, path: string, cwd: string, timeoutMs: number): Promise<ConfigCheck> {
  return new Promise((resolve) => {
    const child = loadChildProcess().spawn('/bin/sh', ['-c', command.replaceAll('{path}', shellQuote(path))], {
      cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HEALMAP_CONFIG: path },
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      if (output.length < MAX_OUTPUT_CHARS) output += chunk.toString('utf8');
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const killGroup = (): void => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    };
    let settled = false;
    const finish = (check: ConfigCheck): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Whatever the command left behind (a background child holding our pipes) goes with it.
      killGroup();
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve(check);
    };
    const timer = setTimeout(() => finish({ ok: false, detail: `\`${command}\` did not finish within ${Math.round(timeoutMs / 100) / 10}s` }), timeoutMs);
    child.once('error', (error) => finish({ ok: false, detail: `\`${command}\` could not run: ${error.message}` }));
    const judge = (code: number | null, signal: NodeJS.Signals | null): void => {
      const said = lastLines(output);
      if (code === 0) finish({ ok: true, detail: said });
      else finish({ ok: false, detail: `\`${command}\` exited ${code ?? signal}${said ? `: ${said}` : ''}` });
    };
    // Its output is read until the pipes close, or briefly after it exits (a background child may hold them).
    child.once('close', judge);
    child.once('exit', (code, signal) => setTimeout(() => judge(code, signal), 200).unref());
  });
}

// The last non-empty lines of the output, on one line.
function lastLines(output: string): string {
  return output.split('\n').map((l) => l.trim()).filter((l) => l !== '').slice(-2).join(' / ').slice(0, 400);
}
