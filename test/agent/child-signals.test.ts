import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ChildSignals } from '../../src/agent/child-signals.js';
import { waitFor } from '../helpers/temp-project.js';

let signals: ChildSignals | null = null;
afterEach(() => {
  signals?.close();
  signals = null;
});

/** Runs `true` as a child and resolves once it has exited (its SIGCHLD sent). */
async function runTrue(): Promise<void> {
  const child = spawn('true', [], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
}

describe('ChildSignals', () => {
  it('calls once for a child\'s exit, and not again for more within its gap', async () => {
    let calls = 0;
    signals = new ChildSignals(() => calls++, () => 3_600_000);
    await runTrue();
    await waitFor(() => calls === 1, 10_000, 'the first SIGCHLD handled');
    for (let i = 0; i < 5; i++) await runTrue();
    // Handled in a later turn of the loop: give it several.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(1);
  });

  it('calls again for a later child once its gap has passed', async () => {
    let calls = 0;
    signals = new ChildSignals(() => calls++, () => 50);
    await runTrue();
    await waitFor(() => calls === 1, 10_000, 'the first SIGCHLD handled');
    await runTrue();
    await waitFor(() => calls === 2, 10_000, 'the second SIGCHLD handled after the gap');
  });

  it('stops calling once closed', async () => {
    let calls = 0;
    signals = new ChildSignals(() => calls++, () => 0);
    signals.close();
    await runTrue();
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(0);
  });
});
