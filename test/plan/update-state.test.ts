import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/diagnose.js';
import type { AgentState } from '../../src/history/agent-state.js';
import { loadMapText } from '../../src/map/load-map.js';
import { observeDiagnosis } from '../../src/plan/update-state.js';
import { byId, dead, NOW, running, syntheticProbe } from '../helpers/synthetic-probe.js';

describe('observing diagnoses', () => {
  it('closes an incident once the component is healthy, so its next failure is a new incident', async () => {
    const map = await loadMapText('## Workers\n| Worker | Command |\n|---|---|\n| api | `node api.js` |\n');
    const see = (probe: ReturnType<typeof dead>) => diagnose({ model: map.model, graph: map.graph, order: map.order, probe: syntheticProbe({ workers: byId([['worker:api', probe]]) }) });
    let state: AgentState = { version: 1, components: {} };
    state = observeDiagnosis(state, see(dead()), map.model.settings, NOW);
    expect(state.components['worker:api']?.incidentStartedAt).toBe(NOW);
    state = observeDiagnosis(state, see(running(42)), map.model.settings, NOW + 1000);
    expect(state.components['worker:api']?.incidentStartedAt ?? null).toBeNull();
    state = observeDiagnosis(state, see(dead()), map.model.settings, NOW + 120_000);
    expect(state.components['worker:api']?.incidentStartedAt).toBe(NOW + 120_000);
  });
});
