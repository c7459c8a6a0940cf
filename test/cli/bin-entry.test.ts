import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/run-cli.js';
import { TempProject } from '../helpers/temp-project.js';

const MAP = '## Workers\n| Worker | Command | Depends on |\n|---|---|---|\n| api | `node api.js` | db |\n| db | `node db.js` | — |\n';

let install: string;
let project: TempProject;
afterEach(async () => {
  rmSync(install, { recursive: true, force: true });
  await project.cleanup();
});

// A copy of this build as an installed package, timestamps kept.
function copyInstall(): string {
  const dir = mkdtempSync(join(tmpdir(), 'healmap-install-'));
  for (const part of ['dist', 'bin', 'package.json']) cpSync(join(REPO, part), join(dir, part), { recursive: true, preserveTimestamps: true });
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

const run = (args: string[]) => spawnSync(process.execPath, [join(install, 'bin/healmap.js'), ...args], { cwd: project.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('bin/healmap.js', () => {
  it('runs the bundle the build made, with the same answers as the modules', () => {
    install = copyInstall();
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP });
    const files = readdirSync(join(install, 'dist/bundle'));
    expect(files).toEqual(expect.arrayContaining(['main.js', 'compile-map-child.js', 'parse-worker.js']));
    const bundled = run(['graph', '--format', 'json']);
    expect(bundled.status).toBe(0);
    expect(JSON.parse(bundled.stdout)).toMatchObject({ nodes: expect.arrayContaining([expect.objectContaining({ id: 'worker:api' })]) });
    // Without the bundle (built without esbuild) the modules answer the same.
    rmSync(join(install, 'dist/bundle'), { recursive: true });
    const modules = run(['graph', '--format', 'json']);
    expect(modules.status).toBe(0);
    expect(modules.stdout).toBe(bundled.stdout);
  });

  it('runs the modules, not a stale bundle, after a bare tsc has rewritten them', () => {
    install = copyInstall();
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP });
    // A bundle that would say so if it ran.
    const bundle = join(install, 'dist/bundle/main.js');
    writeFileSync(bundle, "export async function main(argv) { process.stdout.write('the bundle\\n'); return 0; }\n");
    const built = new Date('2030-01-01T00:00:00Z');
    utimesSync(bundle, built, built);
    expect(run(['--version']).stdout).toBe('the bundle\n');
    const rewritten = new Date('2030-01-01T00:00:01Z');
    utimesSync(join(install, 'dist/cli/main.js'), rewritten, rewritten);
    expect(run(['--version']).stdout).toBe(`${(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });
});
