import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthTimers } from '../../src/agent/health-timers.js';
import type { Detection } from '../../src/agent/detection.js';
import type { Diagnosis } from '../../src/diagnose/types.js';
import { loadMap } from '../../src/map/load-map.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function until(condition: () => boolean, what: string, deadlineMs = 30_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function ticks(dir: string): number {
  try {
    return readFileSync(join(dir, 'ticks'), 'utf8').length;
  } catch {
    return 0;
  }
}

describe('HealthTimers', () => {
  it('reads a worker\'s env file once per map load, not on every tick', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'healmap-health-timers-'));
    const sleeper: ChildProcess = spawn('sleep', ['120'], { stdio: 'ignore' });
    cleanups.push(() => { sleeper.kill('SIGKILL'); rmSync(dir, { recursive: true, force: true }); });
    // Each run leaves a byte in `ticks`, and passes only with the env file's first value.
    writeFileSync(join(dir, 'ARCHITECTURE_MAP.md'), '## Workers\n### w\n- command: `sleep 120`\n- env file: w.env\n- health: `printf x >> ticks; test "$TOKEN" = one`\n- health period: 200ms\n');
    writeFileSync(join(dir, 'w.env'), 'TOKEN=one\n');
    const first = await loadMap(join(dir, 'ARCHITECTURE_MAP.md'));
    expect(first.ok).toBe(true);
    let model = first.model;
    const detections: Detection[] = [];
    const timers = new HealthTimers(() => model, (d) => detections.push(d), () => 2);
    cleanups.push(() => timers.close());
    const diagnosis = { components: [{ kind: 'worker', id: 'worker:w', facts: { state: 'running', pid: sleeper.pid } }] } as unknown as Diagnosis;
    timers.observe(diagnosis);
    await until(() => timers.verdicts.get('worker:w')?.healthy === true && ticks(dir) >= 1, 'a first healthy verdict');

    // The env file changes under the same map: the running worker got the old value, and so do its checks.
    writeFileSync(join(dir, 'w.env'), 'TOKEN=two\n');
    const seen = ticks(dir);
    await until(() => ticks(dir) >= seen + 3, 'three more checks');
    expect(timers.verdicts.get('worker:w')).toMatchObject({ healthy: true, consecutiveFailures: 0 });

    // A map load reads it again.
    const second = await loadMap(join(dir, 'ARCHITECTURE_MAP.md'));
    expect(second.ok).toBe(true);
    model = second.model;
    await until(() => detections.length > 0, 'the failing check to be reported');
    expect(detections[0]).toMatchObject({ id: 'worker:w', trigger: 'health' });
  });
});
