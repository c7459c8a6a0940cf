import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { commandMatches } from '../../src/probe/match-command.js';
import { readCmdline } from '../../src/probe/proc-stat.js';
import { launchScript } from '../../src/repair/start-worker.js';
import { TempProject, waitFor } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(async () => project.cleanup());

describe('commandMatches', () => {
  it('ties healmap\'s launcher shell to the declared compound command, even with quotes in the pidfile path', async () => {
    project = new TempProject();
    const pidfile = project.path("run dir/it's.pid");
    project.write("run dir/.keep", '');
    const declared = 'sleep 30 && echo done';
    const child = project.spawn('/bin/sh', ['-c', launchScript(pidfile, declared)]);
    await waitFor(() => { try { return readFileSync(pidfile, 'utf8').trim() === String(child.pid); } catch { return false; } }, 3000, 'the pidfile');
    const args = await readCmdline(child.pid ?? 0);
    expect(args?.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(commandMatches(args ?? [], declared)).toBe(true);
    expect(commandMatches(args ?? [], 'sleep 31 && echo done')).toBe(false);
  });

  it('matches an exec\'d command by the interpreter\'s base name and its arguments', () => {
    expect(commandMatches(['/usr/bin/node', 'worker.mjs', 'a'], 'FOO=1 node worker.mjs a')).toBe(true);
    expect(commandMatches(['/usr/bin/node', 'worker.mjs', 'b'], 'node worker.mjs a')).toBe(false);
    expect(commandMatches(['/usr/bin/python3', 'worker.mjs', 'a'], 'node worker.mjs a')).toBe(false);
  });
});
