import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMap } from '../../src/map/load-map.js';
import { REPO } from '../helpers/run-cli.js';
import { TempProject } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(async () => {
  await project.cleanup();
});

const MAP = '## Workers\n| Worker | Command | Depends on |\n|---|---|---|\n| api | `node api.js` | db |\n| db | `node db.js` | — |\n';

// The built module: its child script exists only in dist/ (under the sources it falls back in-process).
const { loadMapAside, mapCachePath, withoutFacts } = (await import(`${REPO}/dist/map/map-cache.js`)) as typeof import('../../src/map/map-cache.js');

describe('loading a map aside (the daemon)', () => {
  it('parses a map it has no cache for in a child process: the same model, and the cache refreshed', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, '.healmap/state.json': '{"version":1,"components":{}}\n' });
    const mapPath = project.path('ARCHITECTURE_MAP.md');
    const aside = await loadMapAside(mapPath);
    expect(aside.ok).toBe(true);
    expect(aside.model).toEqual(withoutFacts(await loadMap(mapPath)).model); // what only explain reads stays out of the daemon
    expect(aside.order).toEqual(['worker:db', 'worker:api']);
    expect(existsSync(mapCachePath(mapPath))).toBe(true);
    // The child itself: one JSON document with the label, model, messages and validity.
    const child = spawnSync(process.execPath, [`${REPO}/dist/map/compile-map-child.js`, mapPath], { encoding: 'utf8' });
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toMatchObject({ label: mapPath, ok: true, model: { workers: [{ name: 'api' }, { name: 'db' }] } });
    // An edit is seen (the child parses again), and an invalid map comes back with its errors.
    writeFileSync(mapPath, `${MAP}| web | \`node web.js\` | nowhere |\n`);
    const invalid = await loadMapAside(mapPath);
    expect(invalid.ok).toBe(false);
    expect(invalid.messages.some((m) => m.severity === 'error' && /nowhere/.test(m.message))).toBe(true);
  });
});
