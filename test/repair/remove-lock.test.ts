import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMap } from '../../src/map/load-map.js';
import { lockPid } from '../../src/probe/probe-lock.js';
import { removeStaleLock } from '../../src/repair/remove-lock.js';
import { TempProject } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(() => project.cleanup());

// The pid of a process that has exited and been reaped.
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid as number;
}

async function removeLockOf(lockText: string) {
  project = new TempProject({
    'ARCHITECTURE_MAP.md': '## Workers\n\n| Worker | Command | Lock |\n|---|---|---|\n| w | node w.js | run/w.lock |\n',
    'run/w.lock': lockText,
  });
  const map = await loadMap(project.path('ARCHITECTURE_MAP.md'));
  expect(map.messages).toEqual([]);
  return removeStaleLock(map.model, map.model.workers[0]!);
}

describe('removing a stale lock', () => {
  it('removes a lock whose whole content is a dead pid, after backing it up', async () => {
    const text = `${deadPid()}\n`;
    const result = await removeLockOf(text);
    expect(result.ok).toBe(true);
    expect(existsSync(project.path('run/w.lock'))).toBe(false);
    const backups = readdirSync(project.path('.healmap/backups'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(project.path(`.healmap/backups/${backups[0]}`), 'utf8')).toBe(text);
  });

  it.each([
    ['JSON with a pid field', (pid: number) => `{"pid": ${pid}, "port": 8080, "secrets": "kept"}\n`],
    ['CSV whose first cell is a pid', (pid: number) => `${pid},alice,42\n${pid},bob,7\n`],
    ['a pid followed by more text', (pid: number) => `${pid}\nowner=alice\n`],
  ])('never deletes a file that holds more than a pid (%s)', async (_, content) => {
    const text = content(deadPid());
    const result = await removeLockOf(text);
    expect(result).toMatchObject({ ok: false });
    expect(readFileSync(project.path('run/w.lock'), 'utf8')).toBe(text);
  });

  it('reads a pid only from a file that is nothing but a pid', () => {
    expect(lockPid('1234')).toBe(1234);
    expect(lockPid('  1234 \n')).toBe(1234);
    expect(lockPid('{"pid":1234}')).toBeNull();
    expect(lockPid('1234,x')).toBeNull();
    expect(lockPid('0')).toBeNull();
    expect(lockPid('99999999999999')).toBeNull();
    expect(lockPid('')).toBeNull();
  });
});
