import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './run-cli.js';
import { waitFor } from './temp-project.js';

/** One JSON log line of the daemon. */
export interface DaemonEvent {
  time: string;
  event: string;
  message: string;
  [field: string]: unknown;
}

/** A real `healmap watch` process with its JSON log collected as it runs. */
export class DaemonProcess {
  readonly events: DaemonEvent[] = [];
  readonly child: ChildProcess;
  stderr = '';
  exitCode: number | null = null;

  constructor(cwd: string, args: string[] = []) {
    this.child = spawn(process.execPath, [join(REPO, 'bin/healmap.js'), 'watch', '--interval', '60s', '--log-format', 'json', ...args], {
      cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' },
    });
    let buffer = '';
    this.child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.trim() !== '') this.events.push(JSON.parse(line) as DaemonEvent);
      }
    });
    this.child.stderr?.on('data', (chunk: Buffer) => { this.stderr += chunk.toString(); });
    this.child.once('exit', (code) => { this.exitCode = code; });
  }

  /** Waits for an event matching `predicate` (seen after index `from`), returning it. */
  async waitForEvent(predicate: (e: DaemonEvent) => boolean, timeoutMs = 10_000, from = 0): Promise<DaemonEvent> {
    let found: DaemonEvent | undefined;
    await waitFor(() => (found = this.events.slice(from).find(predicate)) !== undefined, timeoutMs, 'daemon event').catch((error: Error) => {
      throw new Error(`${error.message}; events so far:\n${this.events.map((e) => e.message).join('\n')}\n${this.stderr}`);
    });
    return found as DaemonEvent;
  }

  /** SIGTERM and wait for the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      await new Promise((r) => this.child.once('exit', r));
    }
    return this.exitCode;
  }
}
