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

// Each racer takes the lock without waiting, says whether it got it, and holds it for a second.
const RACER = `
const { acquireLock } = await import(${JSON.stringify(join(REPO, 'dist/agent/action-lock.js'))});
try {
  const lock = await acquireLock(process.argv[1], 'busy', 0);
  console.log('got');
  await new Promise((r) => setTimeout(r, 1000));
  await lock.release();
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
      child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
      child.once('exit', () => resolve(out.trim()));
    })));
    expect(said.filter((s) => s === 'got')).toHaveLength(1);
    expect(said.filter((s) => s !== 'got')).toEqual(Array(5).fill('LockBusyError'));
    expect(() => readFileSync(lockPath)).toThrow(/ENOENT/);
  });

});
