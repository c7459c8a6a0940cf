import { existsSync, mkdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { TempProject } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(async () => {
  await project.cleanup();
});

// A valid map with a warning, prose that is ignored, a config and a rule: every part lint and
// explain print.
const MAP = [
  '## Workers', '| Worker | Command | Produces | Depends on |', '|---|---|---|---|',
  '| api | `node api.js` | out/api.jsonl every 5 min | db, config/a.json |', '| db | `node db.js` | — | — |', '',
  '## Configs', '### config/a.json', '- port: integer, default 8080', '- color: mauve', '',
  '## Changelog', '- 2024: first version', '',
].join('\n');

describe('one-shot commands and the compiled map', () => {
  it('check creates the cache on a fresh project; lint, explain and graph answer the same from it as from the map', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP });
    const cwd = project.dir;
    const commands = [['lint'], ['lint', '--json'], ['explain'], ['explain', '--json'], ['graph', '--format', 'dot']];
    // Without .healmap/ the map-only commands parse the map and create nothing.
    const parsed = [];
    for (const args of commands) parsed.push(await runCli(args, { cwd }));
    expect(existsSync(project.path('.healmap'))).toBe(false);
    expect(parsed[0]?.stderr).toContain('0 errors, 1 warning');
    expect((await runCli(['check'], { cwd })).code).toBe(2);
    expect(existsSync(project.path('.healmap/map-cache.json'))).toBe(true);
    expect(existsSync(project.path('.healmap/map-cache-facts.json'))).toBe(true);
    for (const [i, args] of commands.entries()) expect(await runCli(args, { cwd }), args.join(' ')).toEqual(parsed[i]);
  });

  it('plan and heal --dry-run create no .healmap/, but use and keep a cache in one that exists', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP });
    const cwd = project.dir;
    await runCli(['plan'], { cwd });
    await runCli(['heal', '--dry-run'], { cwd });
    expect(existsSync(project.path('.healmap'))).toBe(false);
    mkdirSync(project.path('.healmap'));
    expect((await runCli(['plan'], { cwd })).stdout).toMatch(/start-worker +db/);
    expect(existsSync(project.path('.healmap/map-cache.json'))).toBe(true);
  });
});
