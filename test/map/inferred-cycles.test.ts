import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';

// A cycle closed by a dependency read from prose is a misreading far more often than a design.
const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-cycles/ARCHITECTURE_MAP.md' });

describe('dependency cycles through prose', () => {
  it('leaves out the prose dependency read last, with a warning at its place, and accepts the map', async () => {
    const map = await load([
      '# Survey', '', '## Components', '',
      '### stitcher', '', 'Started with `./stitch`. It writes `mosaics/latest.tif`.', '',
      '### map_server', '', 'Started with `mapserv -port 8200`. It reads `mosaics/latest.tif`.', '',
      '## When the map server is down', '',
      'The stitcher depends on map_server being reachable for its preview step.', '',
    ].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(map.ok).toBe(true);
    const warning = map.messages.find((m) => m.rule === 'dependency-cycle');
    expect(warning).toMatchObject({ severity: 'warning', place: { line: 15, column: 1 } });
    expect(warning?.message).toContain('the dependency of `stitcher` on `map_server` was read from prose here, so it is left out');
    expect(map.model.workers.find((w) => w.name === 'stitcher')?.dependsOn).toEqual([]);
    expect(map.model.workers.find((w) => w.name === 'map_server')?.dependsOn).toEqual(['file:mosaics/latest.tif']);
    expect(map.model.facts?.some((f) => f.component === 'worker:stitcher' && f.fact === 'depends on')).toBe(false);
    expect(map.order.indexOf('worker:stitcher')).toBeLessThan(map.order.indexOf('worker:map_server'));
  });

  it('keeps a cycle written in healmap\'s own Workers table an error', async () => {
    const map = await load([
      '# System', '', '## Workers', '',
      '| name | command | depends on |', '|---|---|---|',
      '| a | `node a.js` | b |', '| b | `node b.js` | a |', '',
    ].join('\n'));
    expect(map.ok).toBe(false);
    expect(map.messages.filter((m) => m.rule === 'dependency-cycle').map((m) => m.severity)).toEqual(['error']);
  });
});
