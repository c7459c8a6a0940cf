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
    // Dying 2 s after each restart (before `min uptime`, 5 s) is a crash loop: each death counts as a
    // failed attempt, the backoff climbs from the death, and the attempt times stay for the window.
    state = observeDiagnosis(state, see(dead()), settings, now);
    const expected = [10_000, 30_000, 60_000];
    for (let death = 0; death < 3; death++) {
      state = recordOutcome(state, restart(death + 1), 'succeeded', settings, now);
      now += 2000;
      state = observeDiagnosis(state, see(dead()), settings, now);
      expect(state.components['worker:api']?.attempts).toBe(death + 1);
      expect(state.components['worker:api']?.nextAttemptAt).toBe(now + (expected[death] as number));
      now += expected[death] as number;
    }
    expect(state.components['worker:api']?.attemptTimes.length).toBe(3);
    // The same death seen again (another pass during the outage) does not count twice.
    state = observeDiagnosis(state, see(dead()), settings, now + 500);
    expect(state.components['worker:api']?.attempts).toBe(3);
  });

  it('forgets the check record after `healthy reset`, so a worker that fails once every quarter of an hour never flaps', async () => {
    const map = await loadMapText('## Workers\n| Worker | Command |\n|---|---|\n| api | `node api.js` |\n');
    const settings = map.model.settings; // healthy reset 10 min
    const see = (probe: ReturnType<typeof dead>) => diagnose({ model: map.model, graph: map.graph, order: map.order, probe: syntheticProbe({ workers: byId([['worker:api', probe]]) }) });
    const restart: PlannedAction = { id: 1, kind: 'restart-worker', target: 'worker:api', problem: 'process-dead', reason: 'test', rootCause: 'worker:api', attempt: 1, ladderStep: 1, after: [], workers: ['worker:api'], configs: [] };
    let state: AgentState = { version: 1, components: {} };
    let now = NOW;
    for (let failure = 0; failure < 8; failure++) {
      state = observeDiagnosis(state, see(dead()), settings, now);
      expect(state.components['worker:api']?.flapping ?? false, `failure ${failure}`).toBe(false);
      state = recordOutcome(state, restart, 'succeeded', settings, now);
      // Seen healthy every minute until the next failure, a quarter of an hour later.
      for (let minute = 1; minute < 15; minute++) state = observeDiagnosis(state, see(running(42, minute * 60)), settings, now + minute * 60_000);
      now += 15 * 60_000;
    }
    expect(state.components['worker:api']).toBeUndefined();
  });

  it('keeps an escalated crash loop escalated while it is up for less than `min uptime`, and clears it after', async () => {
    const map = await loadMapText('## Workers\n| Worker | Command |\n|---|---|\n| api | `node api.js` |\n\n## Settings\n- min uptime: 8s\n');
    const settings = map.model.settings;
    expect(settings.minUptimeMs).toBe(8000);
    const see = (probe: ReturnType<typeof dead>) => diagnose({ model: map.model, graph: map.graph, order: map.order, probe: syntheticProbe({ workers: byId([['worker:api', probe]]) }) });
    const escalate: PlannedAction = { id: 1, kind: 'escalate', target: 'worker:api', problem: 'process-dead', reason: 'crash loop', rootCause: 'worker:api', attempt: 3, ladderStep: null, after: [], workers: [], configs: [] };
    const restart: PlannedAction = { ...escalate, kind: 'restart-worker', attempt: 4, ladderStep: 1, workers: ['worker:api'] };
    let state: AgentState = { version: 1, components: { 'worker:api': { attempts: 3, attemptTimes: [NOW - 60_000], nextAttemptAt: null, incidentStartedAt: NOW - 120_000, incidentProblem: 'process-dead', healthySince: null, escalatedAt: null, escalationReason: null, escalationNotified: false } } };
    state = recordOutcome(state, escalate, 'escalated', settings, NOW);
    expect(state.components['worker:api']).toMatchObject({ escalationNotified: true, nextAttemptAt: NOW + 60_000 });
    // The slow retry starts it; it is seen up 2 s later, then dies again: still the same escalation.
    state = recordOutcome(state, restart, 'succeeded', settings, NOW + 60_000);
    state = observeDiagnosis(state, see(running(42, 2)), settings, NOW + 62_000);
    expect(state.components['worker:api']).toMatchObject({ escalatedAt: NOW, escalationNotified: true });
    state = observeDiagnosis(state, see(dead()), settings, NOW + 63_000);
    expect(state.components['worker:api']).toMatchObject({ escalatedAt: NOW, escalationNotified: true, attempts: 4, nextAttemptAt: NOW + 63_000 + 60_000 });
    // Up for longer than `min uptime` at the next look: the escalation is over.
    state = recordOutcome(state, restart, 'succeeded', settings, NOW + 123_000);
    state = observeDiagnosis(state, see(running(43, 10)), settings, NOW + 133_000);
    expect(state.components['worker:api']).toMatchObject({ escalatedAt: null, escalationNotified: false });
  });

});
