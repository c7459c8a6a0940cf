import { expect } from 'vitest';
import { runHealCycle } from '../../src/agent/heal-cycle.js';
import { loadMap } from '../../src/map/load-map.js';
import type { TempProject } from './temp-project.js';

/** One healing cycle (`healmap heal`) of the project's map, which must have no error. */
export async function healProject(project: TempProject, options: { force?: boolean } = {}) {
  const map = await loadMap(project.path('ARCHITECTURE_MAP.md'));
  expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
  return runHealCycle(map, options);
}
