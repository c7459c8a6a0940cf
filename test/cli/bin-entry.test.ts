import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
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
    expect(files).toEqual(expect.arrayContaining(['main.js', 'compile-map-child.js', 'parse-worker.js', 'load-map.js', 'cli-graph.cjs', 'cli-check.cjs']));
    expect(files).not.toContain('cli-watch.cjs');
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

  it('runs a one-shot command from its CommonJS bundle through V8\'s code cache, written beside it by the first run and then taken as it is', () => {
    install = copyInstall();
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP });
    for (const file of readdirSync(join(install, 'dist/bundle'))) if (file.endsWith('.v8-cache')) rmSync(join(install, 'dist/bundle', file));
    const cache = join(install, 'dist/bundle/cli-check.v8-cache');
    const first = run(['check', '--json']);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toMatchObject({ status: 'critical' }); // nothing runs
    expect(readFileSync(cache).subarray(0, 19).toString()).toBe('healmap-code-cache ');
    const written = statSync(cache);
    // V8 accepts it: a rejected cache would be written afresh (another file renamed into place).
    for (let i = 0; i < 2; i++) expect(JSON.parse(run(['check', '--json']).stdout)).toMatchObject({ status: 'critical' });
    expect([statSync(cache).ino, statSync(cache).mtimeMs]).toEqual([written.ino, written.mtimeMs]);
    // The map reader, outside the bundle, is imported when the compiled map is missing.
    rmSync(project.path('.healmap/map-cache.json'));
    expect(JSON.parse(run(['check', '--json']).stdout).components.map((c: { id: string }) => c.id).sort()).toEqual(['worker:api', 'worker:db']);
    // Only commands get a cache (not --version, an unknown command, or watch's ES modules).
    run(['--version']);
    run(['no-such-command']);
    expect(readdirSync(join(install, 'dist/bundle')).filter((f) => f.endsWith('.v8-cache'))).toEqual(['cli-check.v8-cache']);
  });

  it('ignores a code cache that is corrupt, cut short or made for another bundle, and writes it afresh', () => {
    install = copyInstall();
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP });
    const cache = join(install, 'dist/bundle/cli-graph.v8-cache');
    rmSync(cache, { force: true });
    const good = run(['graph', '--format', 'json']);
    expect(good.status).toBe(0);
    const made = readFileSync(cache);
    const headerLength = made.indexOf(10) + 1;
    const header = made.subarray(0, headerLength).toString();
    const otherBundle = header.replace(/ (\d+) (\S+) (\d+)\n$/, (_, size: string, mtime: string, ino: string) => ` ${Number(size) + 1} ${mtime} ${ino}\n`);
    expect(otherBundle).not.toBe(header);
    const bad = [
      Buffer.concat([made.subarray(0, headerLength), Buffer.alloc(made.length - headerLength, 0x5a)]), // V8 rejects it
      made.subarray(0, headerLength + Math.floor((made.length - headerLength) / 2)), // cut short
      Buffer.concat([Buffer.from(otherBundle), made.subarray(headerLength)]), // another build's
      Buffer.from('garbage'),
      Buffer.alloc(0),
    ];
    for (const content of bad) {
      writeFileSync(cache, content);
      const again = run(['graph', '--format', 'json']);
      expect(again.stderr).toBe('');
      expect(again.stdout).toBe(good.stdout);
      const rewritten = readFileSync(cache);
      expect(rewritten.subarray(0, headerLength).toString()).toBe(header);
      expect(rewritten.equals(content)).toBe(false);
    }
  });

  it('runs the modules, not a stale CommonJS bundle, after a bare tsc has rewritten them', () => {
    install = copyInstall();
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP });
    const bundle = join(install, 'dist/bundle/cli-graph.cjs');
    writeFileSync(bundle, "exports.main = async () => { process.stdout.write('the cjs bundle\\n'); return 0; };\n");
    const built = new Date('2030-01-01T00:00:00Z');
    utimesSync(bundle, built, built);
    expect(run(['graph']).stdout).toBe('the cjs bundle\n');
    const rewritten = new Date('2030-01-01T00:00:01Z');
    utimesSync(join(install, 'dist/cli/main.js'), rewritten, rewritten);
    expect(run(['graph']).stdout).toContain('api');
    expect(existsSync(join(install, 'dist/bundle/cli-graph.cjs'))).toBe(true);
  });
});
