import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMap } from '../../src/map/load-map.js';
import { existingMapCgroupFolder, mapCgroupFolder } from '../../src/probe/cgroup-root.js';
import { probeSystem } from '../../src/probe/probe-system.js';
import { TempProject } from '../helpers/temp-project.js';

const folders: string[] = [];
const projects: TempProject[] = [];
afterEach(async () => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
  await Promise.all(projects.splice(0).map((p) => p.cleanup()));
});

// An existence test that counts what it is asked.
function counting(): { exists: (path: string) => boolean; asked: string[] } {
  const asked: string[] = [];
  return { asked, exists: (path) => (asked.push(path), existsSync(path)) };
}

describe("the map's cgroup folder's name", () => {
  it("is node:crypto's SHA-256 of the map's folder, first 12 hex digits, so folders made by earlier builds are found", () => {
    for (const rootDir of ['/some/project', '/', '/srv/ünïcode/プロジェクト', `/long/${'x'.repeat(5000)}`, '/with space/and\nnewline']) {
      const expected = createHash('sha256').update(rootDir).digest('hex').slice(0, 12);
      expect(mapCgroupFolder('/sys/fs/cgroup/healmap', rootDir)).toBe(`/sys/fs/cgroup/healmap/${expected}`);
    }
  });
});

describe("the map's cgroup folder, looked for once", () => {
  it('is null after one question when healmap never made its folder under the root', () => {
    const base = mkdtempSync(join(tmpdir(), 'healmap-cg-'));
    folders.push(base);
    const { exists, asked } = counting();
    expect(existingMapCgroupFolder({ path: join(base, 'healmap'), reason: null }, '/some/project', exists)).toBeNull();
    expect(asked).toEqual([join(base, 'healmap')]);
  });

  it("is null when healmap's folder exists but not this map's, and the folder when it exists", () => {
    const base = mkdtempSync(join(tmpdir(), 'healmap-cg-'));
    folders.push(base);
    const root = { path: join(base, 'healmap'), reason: null };
    mkdirSync(root.path);
    const first = counting();
    expect(existingMapCgroupFolder(root, '/some/project', first.exists)).toBeNull();
    expect(first.asked).toHaveLength(2);
    mkdirSync(mapCgroupFolder(root.path, '/some/project'));
    expect(existingMapCgroupFolder(root, '/some/project')).toBe(mapCgroupFolder(root.path, '/some/project'));
  });

  it('is null without a usable root, asking nothing', () => {
    const { exists, asked } = counting();
    expect(existingMapCgroupFolder({ path: null, reason: 'off' }, '/some/project', exists)).toBeNull();
    expect(asked).toEqual([]);
  });

  it('a probe pass over 40 live workers with no cgroup folder asks at most twice, and still finds every worker', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `| w${i} | \`sleep 600\` |`);
    const project = new TempProject({ 'ARCHITECTURE_MAP.md': `## Workers\n\n| Worker | Command |\n|---|---|\n${rows.join('\n')}\n` });
    projects.push(project);
    mkdirSync(project.path('.healmap/run'), { recursive: true });
    for (let i = 0; i < 40; i++) {
      const child = project.spawn('sleep', ['600']);
      project.write(`.healmap/run/w${i}.pid`, JSON.stringify({ pid: child.pid, command: 'sleep 600' }));
    }
    const map = await loadMap(project.path('ARCHITECTURE_MAP.md'));
    const { exists, asked } = counting();
    const probe = await probeSystem(map.model, { pathExists: exists });
    expect(asked.length).toBeLessThanOrEqual(2);
    expect(probe.workers.size).toBe(40);
    for (const [, result] of probe.workers) {
      expect(result.ok).toBe(true);
      if (result.ok) {
        expect(result.value.state).toBe('running');
        expect(result.value.cgroup).toBeNull();
      }
    }
  });
});
