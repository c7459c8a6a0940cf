import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readPidfile } from '../../src/probe/read-pidfile.js';
import { readCgroupPids } from '../../src/probe/probe-cgroup.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'healmap-pidfile-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('readPidfile', () => {
  it('gives each pidfile its own mtime as when it was written, from the read itself', async () => {
    const dir = tempDir();
    const older = join(dir, 'a.pid');
    const newer = join(dir, 'b.pid');
    writeFileSync(older, '123\n');
    writeFileSync(newer, JSON.stringify({ pid: 456, startTicks: 7 }));
    utimesSync(older, new Date(1_000_000), new Date(1_000_000));
    utimesSync(newer, new Date(2_000_000), new Date(2_000_000));
    const a = await readPidfile(older);
    const b = await readPidfile(newer);
    expect(a).toMatchObject({ pid: 123, startTicks: null, writtenAtMs: 1_000_000 });
    expect(b).toMatchObject({ pid: 456, startTicks: 7, writtenAtMs: 2_000_000 });
  });

  it('reads a missing pidfile as none and refuses a folder', async () => {
    const dir = tempDir();
    expect(await readPidfile(join(dir, 'none.pid'))).toBeNull();
    await expect(readPidfile(dir)).rejects.toMatchObject({ code: 'ENOTREG' });
  });
});

describe('readCgroupPids', () => {
  it('reads a missing cgroup as none and lists the pids of a cgroup.procs file', () => {
    const dir = tempDir();
    expect(readCgroupPids(join(dir, 'absent'))).toBeNull();
    writeFileSync(join(dir, 'cgroup.procs'), '12\n34\n');
    expect(readCgroupPids(dir)).toEqual([12, 34]);
  });
});
