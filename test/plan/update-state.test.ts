import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/diagnose.js';
import type { AgentState } from '../../src/history/agent-state.js';
import { loadMapText } from '../../src/map/load-map.js';
import { observeDiagnosis, recordOutcome } from '../../src/plan/update-state.js';
import type { PlannedAction } from '../../src/plan/types.js';
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

  it('grows the backoff only while a worker keeps dying before it has stayed healthy', async () => {
    const map = await loadMapText('## Workers\n| Worker | Command |\n|---|---|\n| api | `node api.js` |\n');
    const settings = map.model.settings; // backoff 10s, 30s, 60s
    const see = (probe: ReturnType<typeof dead>) => diagnose({ model: map.model, graph: map.graph, order: map.order, probe: syntheticProbe({ workers: byId([['worker:api', probe]]) }) });
    const restart = (attempt: number): PlannedAction => ({ id: 1, kind: 'restart-worker', target: 'worker:api', problem: 'process-dead', reason: 'test', rootCause: 'worker:api', attempt, ladderStep: 1, after: [], workers: ['worker:api'], configs: [] });
    let state: AgentState = { version: 1, components: {} };
    let now = NOW;
    // Killed and restarted (verified) five times, each time 20 s after the last restart.
    for (let kill = 0; kill < 5; kill++) {
      state = observeDiagnosis(state, see(dead()), settings, now);
      const s = state.components['worker:api'];
      expect(s?.attempts).toBe(0);
      expect(s?.nextAttemptAt ?? null).toBeNull();
      state = recordOutcome(state, restart(1), 'succeeded', settings, now);
      now += 20_000;
    }
    // Dying 2 s after each restart is a crash loop: the backoff climbs, attempts count.
    state = observeDiagnosis(state, see(dead()), settings, now);
    state = recordOutcome(state, restart(1), 'succeeded', settings, now);
    now += 2000;
    state = observeDiagnosis(state, see(dead()), settings, now);
    expect(state.components['worker:api']?.nextAttemptAt).toBe(now - 2000 + 10_000);
    state = recordOutcome(state, restart(1), 'failed', settings, now + 8000);
    now += 9000;
    state = observeDiagnosis(state, see(dead()), settings, now);
    expect(state.components['worker:api']?.attempts).toBe(1);
    expect(state.components['worker:api']?.attemptTimes.length).toBe(2);
  });

});
