import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/run-cli.js';
import { TempProject } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(async () => {
  await project.cleanup();
});

// Each racer takes the lock without waiting and says whether it got it; a winner holds it until killed.
const RACER = `
const { acquireLock } = await import(${JSON.stringify(join(REPO, 'dist/agent/action-lock.js'))});
try {
  await acquireLock(process.argv[1], 'busy', 0);
  console.log('got');
  setInterval(() => {}, 1000);
} catch (error) {
  console.log(error.constructor.name);
}
`;

describe('acquireLock', () => {
  it('gives a lock left by a dead pid to exactly one of six racing takers', async () => {
    project = new TempProject();
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const lockPath = project.path('.healmap/actions.lock');
    project.write('.healmap/actions.lock', `${dead.stdout.trim()}\n`);
    const racers = Array.from({ length: 6 }, () => spawn(process.execPath, ['--input-type=module', '-e', RACER, lockPath], { stdio: ['ignore', 'pipe', 'inherit'] }));
    const said = await Promise.all(racers.map((child) => new Promise<string>((resolve) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.once('exit', () => resolve(out.trim()));
    })));
    const winner = racers[said.indexOf('got')];
    for (const child of racers) child.kill('SIGKILL');
    expect(said.filter((s) => s === 'got')).toHaveLength(1);
    expect(said.filter((s) => s !== 'got')).toEqual(Array(5).fill('LockBusyError'));
    expect(Number(readFileSync(lockPath, 'utf8'))).toBe(winner?.pid);
  });

});
