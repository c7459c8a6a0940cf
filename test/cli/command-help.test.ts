import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { healExitCode } from '../../src/cli/command-heal.js';
import { main } from '../../src/cli/main.js';
import type { ExecutedAction } from '../../src/repair/execute-plan.js';
import { REPO } from '../helpers/run-cli.js';

async function help(command: string): Promise<string> {
  let out = '';
  const code = await main([command, '--help'], { out: (t) => { out += t; }, err: () => {}, color: false, env: {}, cwd: REPO });
  expect(code).toBe(0);
  return out;
}

// The options a command file really parses: the keys of the objects passed to parseOptions.
function parsedOptions(source: string): string[] {
  const names: string[] = [];
  for (const call of source.matchAll(/parse(?:Options|NamedOptions)\(args, \{([\s\S]*?)\}\);/g)) {
    for (const key of (call[1] ?? '').matchAll(/'?([a-z][a-z-]*)'?: \{ type:/g)) names.push(key[1] as string);
  }
  return names;
}

describe('per-command --help', () => {
  it('lists every option each command parses, with --map', async () => {
    const dir = join(REPO, 'src/cli');
    const checked: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.startsWith('command-') && f !== 'command-help.ts')) {
      const source = readFileSync(join(dir, file), 'utf8');
      for (const fn of source.matchAll(/export async function run([A-Z]\w*)\(/g)) {
        const name = (fn[1] as string).replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `-${c.toLowerCase()}`));
        const text = await help(name);
        expect(text, name).toContain('--map');
        expect(text, name).not.toContain('See README.md');
        for (const option of parsedOptions(source)) expect(text, `${name} --${option}`).toContain(`--${option}`);
        checked.push(name);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['heal', 'watch', 'history', 'report', 'lint']));
  });
});

describe('heal exit code', () => {
  const failed = { result: 'failed' } as ExecutedAction;
  const fixed = { result: 'succeeded' } as ExecutedAction;
  it('is non-zero when the pass reports a failed repair, even if the final status is ok', () => {
    expect(healExitCode('ok', [fixed, failed])).toBe(1);
    expect(healExitCode('ok', [fixed])).toBe(0);
    expect(healExitCode('critical', [failed])).toBe(2);
  });
});
