import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMap } from '../../src/map/load-map.js';
import { loadMapCached, mapCachePath } from '../../src/map/map-cache.js';
import { TempProject } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(async () => {
  await project.cleanup();
});

const MAP = '## Workers\n| Worker | Command | Depends on |\n|---|---|---|\n| api | `node api.js` | db |\n| db | `node db.js` | — |\n';

describe('the compiled map cache', () => {
  it('serves the same model as a fresh parse, and is invalidated by an edit of the map', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, '.healmap/state.json': '{"version":1,"components":{}}\n' });
    const mapPath = project.path('ARCHITECTURE_MAP.md');
    const fresh = await loadMapCached(mapPath);
    const cacheText = readFileSync(mapCachePath(mapPath), 'utf8');
    const cached = await loadMapCached(mapPath);
    expect(cached.model).toEqual((await loadMap(mapPath)).model);
    expect(cached.order).toEqual(fresh.order);
    expect(readFileSync(mapCachePath(mapPath), 'utf8')).toBe(cacheText); // a hit rewrites nothing
    writeFileSync(mapPath, MAP.replace('| db | `node db.js` | — |', '| db | `node db2.js` | — |'));
    const edited = await loadMapCached(mapPath);
    expect(edited.model.workers.find((w) => w.name === 'db')?.command).toContain('db2.js');
    expect(readFileSync(mapCachePath(mapPath), 'utf8')).not.toBe(cacheText);
  });

  it('ignores a corrupt cache and rebuilds it', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, '.healmap/state.json': '{"version":1,"components":{}}\n' });
    const mapPath = project.path('ARCHITECTURE_MAP.md');
    await loadMapCached(mapPath);
    const good = readFileSync(mapCachePath(mapPath), 'utf8');
    for (const corrupt of ['{"key":', good.replace('"workers":[', '"workers":{"x":['), JSON.stringify({ ...JSON.parse(good), model: null })]) {
      writeFileSync(mapCachePath(mapPath), corrupt);
      const map = await loadMapCached(mapPath);
      expect(map.ok).toBe(true);
      expect(map.model.workers.map((w) => w.name).sort()).toEqual(['api', 'db']);
      expect(readFileSync(mapCachePath(mapPath), 'utf8')).toBe(good);
    }
  });
});
