import { renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { healmapBuild, mapCacheKey, mapCacheStamp } from '../../src/map/map-cache-key.js';
import { TempProject } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(async () => {
  await project.cleanup();
});

const MAP = '## Workers\n| Worker | Command |\n|---|---|\n| api | `node api.js` |\n';
// A moment well after any write these tests make: the map's timestamps count as settled then.
const later = () => Date.now() + 10_000;

describe('the map cache key', () => {
  it('changes with the bytes, the path, the label and the build', () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP });
    const path = project.path('ARCHITECTURE_MAP.md');
    const key = mapCacheKey(path, 'ARCHITECTURE_MAP.md', Buffer.from(MAP), 'b1');
    expect(mapCacheKey(path, 'ARCHITECTURE_MAP.md', Buffer.from(MAP), 'b1')).toBe(key);
    for (const other of [
      mapCacheKey(path, 'ARCHITECTURE_MAP.md', Buffer.from(MAP.replace('api.js', 'apx.js')), 'b1'),
      mapCacheKey(`${path}2`, 'ARCHITECTURE_MAP.md', Buffer.from(MAP), 'b1'),
      mapCacheKey(path, './ARCHITECTURE_MAP.md', Buffer.from(MAP), 'b1'),
      mapCacheKey(path, 'ARCHITECTURE_MAP.md', Buffer.from(MAP), 'b2'),
    ])
      expect(other).not.toBe(key);
    expect(healmapBuild()).toMatch(/^[^+]+\+\S+$/);
  });
});

describe('the map stamp, the key\'s first gate', () => {
  it('is null while the map changed too recently for its timestamps to tell a later edit apart', () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP });
    const path = project.path('ARCHITECTURE_MAP.md');
    expect(mapCacheStamp(path, 'ARCHITECTURE_MAP.md', 'b1')).toBeNull();
    // An old mtime is no proof: setting it is itself a change (ctime), made just now.
    project.age('ARCHITECTURE_MAP.md', 3600);
    expect(mapCacheStamp(path, 'ARCHITECTURE_MAP.md', 'b1')).toBeNull();
    expect(mapCacheStamp(path, 'ARCHITECTURE_MAP.md', 'b1', later())).not.toBeNull();
  });

  it('changes with any rewrite of the map, even one of the same size with its mtime set back', () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP });
    const path = project.path('ARCHITECTURE_MAP.md');
    // A whole second, so that setting it again restores the mtime to the nanosecond.
    const past = new Date('2020-01-01T00:00:00Z');
    utimesSync(path, past, past);
    const before = statSync(path, { bigint: true });
    const stamp = mapCacheStamp(path, 'ARCHITECTURE_MAP.md', 'b1', later());
    expect(mapCacheStamp(path, 'ARCHITECTURE_MAP.md', 'b1', later())).toBe(stamp);
    // Same size, same inode, mtime restored (as `cp -p`, `touch -r` or rsync leave it): ctime moves.
    writeFileSync(path, MAP.replace('api.js', 'apx.js'));
    utimesSync(path, past, past);
    const after = statSync(path, { bigint: true });
    expect([after.size, after.ino, after.mtimeNs]).toEqual([before.size, before.ino, before.mtimeNs]);
    expect(mapCacheStamp(path, 'ARCHITECTURE_MAP.md', 'b1', later())).not.toBe(stamp);
  });

  it('changes with a file put in the map\'s place, the path, the label and the build', () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, 'next.md': MAP });
    const path = project.path('ARCHITECTURE_MAP.md');
    const stamp = mapCacheStamp(path, 'ARCHITECTURE_MAP.md', 'b1', later());
    expect(mapCacheStamp(path, './ARCHITECTURE_MAP.md', 'b1', later())).not.toBe(stamp);
    expect(mapCacheStamp(path, 'ARCHITECTURE_MAP.md', 'b2', later())).not.toBe(stamp);
    // An editor's save: a new file renamed over the map (same bytes, another inode).
    renameSync(project.path('next.md'), path);
    expect(mapCacheStamp(path, 'ARCHITECTURE_MAP.md', 'b1', later())).not.toBe(stamp);
  });

  it('is null for what is not a regular file, and throws for a map that is not there', () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP });
    expect(mapCacheStamp(project.dir, 'x', 'b1', later())).toBeNull();
    expect(() => mapCacheStamp(project.path('missing.md'), 'missing.md', 'b1', later())).toThrow(/ENOENT/);
  });
});
