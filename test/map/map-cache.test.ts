import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMap } from '../../src/map/load-map.js';
import { loadMapCached, mapCachePath, mapFactsCachePath, withoutFacts } from '../../src/map/map-cache.js';
import type { MapModel } from '../../src/map/types.js';
import { REPO } from '../helpers/run-cli.js';
import { TempProject } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(async () => {
  await project.cleanup();
});

const MAP = '## Workers\n| Worker | Command | Depends on |\n|---|---|---|\n| api | `node api.js` | db |\n| db | `node db.js` | — |\n';

const STATE = { '.healmap/state.json': '{"version":1,"components":{}}\n' };
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { key: string; model?: MapModel; facts?: unknown[] };

describe('the compiled map cache', () => {
  it('serves the same model as a fresh parse, and is invalidated by an edit of the map', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, ...STATE });
    const mapPath = project.path('ARCHITECTURE_MAP.md');
    const fresh = await loadMapCached(mapPath);
    const cacheText = readFileSync(mapCachePath(mapPath), 'utf8');
    const cached = await loadMapCached(mapPath, { facts: true });
    expect(cached.model).toEqual((await loadMap(mapPath)).model);
    expect((await loadMapCached(mapPath)).model).toEqual(withoutFacts(await loadMap(mapPath)).model);
    expect(cached.order).toEqual(fresh.order);
    expect(readFileSync(mapCachePath(mapPath), 'utf8')).toBe(cacheText); // a hit rewrites nothing
    writeFileSync(mapPath, MAP.replace('| db | `node db.js` | — |', '| db | `node db2.js` | — |'));
    const edited = await loadMapCached(mapPath);
    expect(edited.model.workers.find((w) => w.name === 'db')?.command).toContain('db2.js');
    expect(readFileSync(mapCachePath(mapPath), 'utf8')).not.toBe(cacheText);
  });

  it('keeps the facts only explain reads in a file of their own, under the same key', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, ...STATE });
    const mapPath = project.path('ARCHITECTURE_MAP.md');
    await loadMapCached(mapPath);
    const main = readJson(mapCachePath(mapPath));
    const side = readJson(mapFactsCachePath(mapPath));
    expect(main.model).not.toHaveProperty('facts');
    expect(main.model).not.toHaveProperty('ignored');
    expect(side.facts?.length).toBeGreaterThan(0);
    expect(side.key).toBe(main.key);
  });

  it('is created on a fresh project (no .healmap/ yet) and then read instead of the map', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP });
    const mapPath = project.path('ARCHITECTURE_MAP.md');
    await loadMapCached(mapPath);
    expect(existsSync(mapCachePath(mapPath))).toBe(true);
    expect(existsSync(mapFactsCachePath(mapPath))).toBe(true);
    // Served from the cache, not parsed again: a change made in the cache alone (key kept) shows.
    const entry = readJson(mapCachePath(mapPath)) as { key: string; model: MapModel };
    (entry.model.workers.find((w) => w.name === 'db') as { command: string }).command = 'node from-cache.js';
    writeFileSync(mapCachePath(mapPath), JSON.stringify(entry));
    expect((await loadMapCached(mapPath)).model.workers.find((w) => w.name === 'db')?.command).toBe('node from-cache.js');
  });

  it('keeps the topological order, and sorts again when the kept one does not name every component', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, ...STATE });
    const mapPath = project.path('ARCHITECTURE_MAP.md');
    const fresh = await loadMapCached(mapPath);
    expect(fresh.order).toEqual(['worker:db', 'worker:api']);
    const entry = JSON.parse(readFileSync(mapCachePath(mapPath), 'utf8')) as { order: string[] };
    expect(entry.order).toEqual(fresh.order);
    // The kept order is what a hit returns (shown by one written in reverse)...
    writeFileSync(mapCachePath(mapPath), JSON.stringify({ ...entry, order: ['worker:api', 'worker:db'] }));
    expect((await loadMapCached(mapPath)).order).toEqual(['worker:api', 'worker:db']);
    // ...unless it is not one entry per component: then the graph is sorted again.
    for (const order of [['worker:db'], ['worker:db', 'worker:nope'], 'worker:db']) {
      writeFileSync(mapCachePath(mapPath), JSON.stringify({ ...entry, order }));
      expect((await loadMapCached(mapPath)).order).toEqual(['worker:db', 'worker:api']);
    }
  });

  it('with create: false (plan, heal --dry-run) makes no .healmap/, but keeps a cache in an existing one', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP });
    const mapPath = project.path('ARCHITECTURE_MAP.md');
    expect((await loadMapCached(mapPath, { create: false })).ok).toBe(true);
    expect(existsSync(project.path('.healmap'))).toBe(false);
    mkdirSync(project.path('.healmap'));
    await loadMapCached(mapPath, { create: false });
    expect(existsSync(mapCachePath(mapPath))).toBe(true);
  });

  it('ignores a corrupt or partly written cache and rebuilds it', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, ...STATE });
    const mapPath = project.path('ARCHITECTURE_MAP.md');
    await loadMapCached(mapPath);
    const good = readFileSync(mapCachePath(mapPath), 'utf8');
    for (const corrupt of ['{"key":', good.slice(0, Math.floor(good.length / 2)), '', good.replace('"workers":[', '"workers":{"x":['), JSON.stringify({ ...JSON.parse(good), model: null })]) {
      writeFileSync(mapCachePath(mapPath), corrupt);
      const map = await loadMapCached(mapPath);
      expect(map.ok).toBe(true);
      expect(map.model.workers.map((w) => w.name).sort()).toEqual(['api', 'db']);
      expect(readFileSync(mapCachePath(mapPath), 'utf8')).toBe(good);
    }
  });

  it('treats its two files as one: a facts file that is stale, corrupt or missing is rebuilt with the main file', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, ...STATE });
    const mapPath = project.path('ARCHITECTURE_MAP.md');
    const facts = (await loadMapCached(mapPath, { facts: true })).model.facts;
    const good = readFileSync(mapFactsCachePath(mapPath), 'utf8');
    // Facts of another version of the map (a crash between the two writes, an old file).
    const stale = JSON.stringify({ ...JSON.parse(good), key: 'f'.repeat(64), facts: [] });
    for (const bad of [stale, good.slice(0, 10), '{"key":1}', null]) {
      if (bad === null) rmSync(mapFactsCachePath(mapPath));
      else writeFileSync(mapFactsCachePath(mapPath), bad);
      // check never reads the facts: still served from the main file.
      expect((await loadMapCached(mapPath)).ok).toBe(true);
      const explained = await loadMapCached(mapPath, { facts: true });
      expect(explained.model.facts).toEqual(facts);
      expect(readFileSync(mapFactsCachePath(mapPath), 'utf8')).toBe(good);
    }
    // A main file of another version of the map is not used, whatever the facts file says.
    writeFileSync(mapPath, MAP.replace('node db.js', 'node db3.js'));
    const edited = await loadMapCached(mapPath, { facts: true });
    expect(edited.model.workers.find((w) => w.name === 'db')?.command).toBe('node db3.js');
    expect(readJson(mapFactsCachePath(mapPath)).key).toBe(readJson(mapCachePath(mapPath)).key);
    expect(readFileSync(mapFactsCachePath(mapPath), 'utf8')).not.toBe(good);
  });

  it('[attack] never blocks on a FIFO in place of a cache file: it is replaced by a regular one', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, ...STATE });
    const mapPath = project.path('ARCHITECTURE_MAP.md');
    execFileSync('mkfifo', [mapCachePath(mapPath), mapFactsCachePath(mapPath)]);
    const map = await loadMapCached(mapPath, { facts: true });
    expect(map.model.workers.map((w) => w.name).sort()).toEqual(['api', 'db']);
    expect(statSync(mapCachePath(mapPath)).isFile()).toBe(true);
    expect(statSync(mapFactsCachePath(mapPath)).isFile()).toBe(true);
  });

  it('caches nothing for a map with errors', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': `${MAP}| web | \`node web.js\` | nowhere |\n` });
    const mapPath = project.path('ARCHITECTURE_MAP.md');
    expect((await loadMapCached(mapPath)).ok).toBe(false);
    expect(existsSync(mapCachePath(mapPath))).toBe(false);
  });
});

// Tests run as root (see .ci/run), where permission bits do not stop a write: a tmpfs remounted
// read-only does.
describe('the cache on a read-only filesystem', () => {
  let mounted: string | null = null;
  afterEach(() => {
    if (mounted) execFileSync('umount', [mounted]);
    mounted = null;
  });

  it('is not written, and the map is read all the same, without an error', async () => {
    project = new TempProject();
    const dir = project.path('ro');
    mkdirSync(dir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
    mounted = dir;
    writeFileSync(join(dir, 'ARCHITECTURE_MAP.md'), MAP);
    execFileSync('mount', ['-o', 'remount,ro', dir]);
    const mapPath = join(dir, 'ARCHITECTURE_MAP.md');
    for (let i = 0; i < 2; i++) {
      const map = await loadMapCached(mapPath, { facts: true });
      expect(map.ok).toBe(true);
      expect(map.model.workers.map((w) => w.name).sort()).toEqual(['api', 'db']);
    }
    expect(readdirSync(dir)).toEqual(['ARCHITECTURE_MAP.md']);
    const check = spawnSync(process.execPath, [join(REPO, 'bin/healmap.js'), 'check', '--json'], { cwd: dir, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(JSON.parse(check.stdout)).toMatchObject({ status: 'critical' });
  });
});

describe('the cache across healmap builds', () => {
  const installs: string[] = [];
  afterEach(() => {
    for (const dir of installs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  // A copy of this build, as an installed package: its own dist, bin, build script and package.json
  // (timestamps kept: the fingerprint is trusted only when it is not older than the modules).
  const copyInstall = (): string => {
    const install = mkdtempSync(join(tmpdir(), 'healmap-install-'));
    installs.push(install);
    for (const part of ['dist', 'bin', 'scripts', 'package.json']) cpSync(join(REPO, part), join(install, part), { recursive: true, preserveTimestamps: true });
    symlinkSync(join(REPO, 'node_modules'), join(install, 'node_modules'));
    return install;
  };
  // Several whole `check` runs per test: generous deadlines for a loaded machine.
  // `check` exits 2 here (nothing runs); what matters is the cache it leaves.
  const check = (install: string) => expect(spawnSync(process.execPath, [join(install, 'bin/healmap.js'), 'check', '--json'], { cwd: project.dir, encoding: 'utf8' }).stdout).toContain('"rootCauses"');
  const keyNow = () => (JSON.parse(readFileSync(mapCachePath(project.path('ARCHITECTURE_MAP.md')), 'utf8')) as { key: string }).key;

  it('is not trusted by another build of healmap with the same version number (an upgrade or a rebuild)', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, '.healmap/state.json': '{"version":1,"components":{}}\n' });
    const install = copyInstall();
    check(install);
    const first = keyNow();
    check(install);
    expect(keyNow()).toBe(first); // the same build reuses its cache
    // The reader changes (same version in package.json): one of its modules is rewritten and the
    // build's last step (bundle and fingerprint, as `npm run build` runs it) runs again.
    const reader = join(install, 'dist/map/parse-values.js');
    writeFileSync(reader, `${readFileSync(reader, 'utf8')}\n// rebuilt\n`);
    expect(spawnSync(process.execPath, [join(install, 'scripts/bundle-cli.mjs')], { encoding: 'utf8' }).status).toBe(0);
    check(install);
    expect(keyNow()).not.toBe(first);
  }, 120_000);

  it('keys the cache by the fingerprint the build wrote, and by the modules themselves when that is missing, corrupt or older than them', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, '.healmap/state.json': '{"version":1,"components":{}}\n' });
    const install = copyInstall();
    const buildId = join(install, 'dist/build-id.json');
    expect(JSON.parse(readFileSync(buildId, 'utf8'))).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    check(install);
    const withId = keyNow();
    // Another fingerprint is another build, even with every module the same.
    const written = statSync(buildId).mtime;
    writeFileSync(buildId, `${JSON.stringify({ id: 'f'.repeat(32) })}\n`);
    utimesSync(buildId, written, written);
    check(install);
    const otherId = keyNow();
    expect(otherId).not.toBe(withId);
    // Corrupt or missing: the modules' sizes and mtimes key it (and still tell builds apart).
    writeFileSync(buildId, '{"id": 12');
    check(install);
    const bySize = keyNow();
    expect([withId, otherId]).not.toContain(bySize);
    rmSync(buildId);
    check(install);
    expect(keyNow()).toBe(bySize);
    // A bare `tsc` after the build rewrites every module but not the fingerprint: not trusted.
    writeFileSync(buildId, `${JSON.stringify({ id: 'f'.repeat(32) })}\n`);
    const past = new Date('2000-01-01T00:00:00Z');
    utimesSync(buildId, past, past);
    check(install);
    expect(keyNow()).not.toBe(otherId);
  }, 120_000);
});

describe('the cache\'s first gate, the map file\'s stamp', () => {
  const stampOf = (mapPath: string) => (JSON.parse(readFileSync(mapCachePath(mapPath), 'utf8')) as { stamp?: string | null }).stamp;
  // Loads the map through the built cache in a process of its own: the model's commands, and
  // whether node:crypto (which only hashing the map needs) was loaded.
  const loadAside = (mapPath: string) => {
    const script = `import { loadMapCached } from ${JSON.stringify(join(REPO, 'dist/map/map-cache.js'))};
      const map = await loadMapCached(${JSON.stringify(mapPath)});
      console.log(JSON.stringify({ commands: map.model.workers.map((w) => w.command), crypto: process.moduleLoadList.includes('NativeModule crypto') }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as { commands: string[]; crypto: boolean };
  };
  // Until the map's last change is older than the stamp's settling time (2 s).
  const settle = async (mapPath: string) => {
    const deadline = Date.now() + 30_000;
    while (Date.now() - statSync(mapPath).ctimeMs < 2500 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
  };

  it('sees an edit of the same size made just after the cache was written, its mtime set back', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, ...STATE });
    const mapPath = project.path('ARCHITECTURE_MAP.md');
    const past = new Date('2020-01-01T00:00:00Z');
    utimesSync(mapPath, past, past);
    expect((await loadMapCached(mapPath)).model.workers.find((w) => w.name === 'db')?.command).toBe('node db.js');
    expect(stampOf(mapPath)).toBeNull(); // changed too recently to be stamped
    writeFileSync(mapPath, MAP.replace('node db.js', 'node dx.js'));
    utimesSync(mapPath, past, past);
    expect((await loadMapCached(mapPath)).model.workers.find((w) => w.name === 'db')?.command).toBe('node dx.js');
  });

  it('serves a settled map without reading or hashing it, and still sees a later edit of the same size', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, ...STATE });
    const mapPath = project.path('ARCHITECTURE_MAP.md');
    const past = new Date('2020-01-01T00:00:00Z');
    utimesSync(mapPath, past, past);
    await loadMapCached(mapPath); // cached, not stamped: the map changed just now
    await settle(mapPath);
    // The first load after it settled hashes the map, finds the key and records the stamp...
    expect(loadAside(mapPath)).toEqual({ commands: ['node api.js', 'node db.js'], crypto: true });
    expect(stampOf(mapPath)).toEqual(expect.stringContaining(mapPath));
    // ...which the next loads trust: no hash, so no node:crypto.
    expect(loadAside(mapPath)).toEqual({ commands: ['node api.js', 'node db.js'], crypto: false });
    writeFileSync(mapPath, MAP.replace('node db.js', 'node dx.js'));
    utimesSync(mapPath, past, past);
    expect(loadAside(mapPath)).toEqual({ commands: ['node api.js', 'node dx.js'], crypto: true });
  }, 60_000);
});
