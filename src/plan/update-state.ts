/**
 * How the agent's memory changes (pure): what each observation and each action outcome does to
 * attempts, backoff, cooldown, incidents, escalation and the flap record.
 */
import type { ComponentHealth, Diagnosis } from '../diagnose/types.js';
import { componentState, type AgentState, type ComponentState } from '../history/agent-state.js';
import type { ResolvedSettings } from '../map/types.js';
import type { ActionResult } from '../history/history-log.js';
import type { PlannedAction } from './types.js';
import { appendCheck, detectFlapping } from '../diagnose/detect-flapping.js';

// Adds a check result to a remembered component and judges whether it flaps (Nagios-style).
// Healthy checks in a row count once, so a steady healthy cycle changes (and writes) nothing.
function withCheck(s: ComponentState, healthy: boolean): ComponentState {
  if (healthy && (s.checks === undefined || s.checks.endsWith('1'))) return s;
  const checks = appendCheck(s.checks, healthy);
  const verdict = detectFlapping(checks, s.flapping ?? false);
  // The end of an episode: the next one is notified anew.
  return { ...s, checks, flapping: verdict.flapping, flapPercent: verdict.percent, ...(verdict.flapping ? {} : { flapNotified: undefined }) };
}

/** Folds a fresh diagnosis into the state: incidents open, healthy time accrues, backoff resets. */
export function observeDiagnosis(state: AgentState, diagnosis: Diagnosis, settings: ResolvedSettings, now: number): AgentState {
  const components = { ...state.components };
  for (let i = 0; i < diagnosis.components.length; i++) {
    const c = diagnosis.components[i] as ComponentHealth;
    const own = c.status === 'ok' ? undefined : c.problems.find((p) => p.code !== 'dependency-unhealthy' && p.code !== 'needs-manual-intervention' && !p.code.startsWith('predicted-'));
    if (own) {
      let s = componentState(state, c.id);
      const upMs = s.healthySince === null ? null : now - s.healthySince;
      if (upMs !== null && upMs >= settings.minUptimeMs) {
        // It stayed up past `min uptime`: it failed anew, not in a crash loop, and is repaired at
        // once from the first rung (supervisord's `startsecs`, PM2's `min_uptime`).
        s = { ...s, attempts: 0, attemptTimes: [], nextAttemptAt: null, ladder: undefined, ladderReason: undefined, fingerprint: undefined, escalatedAt: null, escalatedBy: undefined, escalationReason: null, escalationNotified: false };
      } else if (upMs !== null && c.kind === 'worker' && c.problems.some((p) => p.code === 'process-dead' || p.code === 'process-zombie')) {
        // It exited before it had stayed up: the repair that started it failed after all, so the
        // ladder climbs and the backoff grows from this death, as after a failed verification.
        // (A hung or unhealthy worker is judged by its own checks, not by this clock.)
        const attempts = s.attempts + 1;
        s = { ...s, attempts, nextAttemptAt: Math.max(s.nextAttemptAt ?? 0, now + retryWaitMs(s, attempts, settings)) };
      }
      components[c.id] = withCheck({ ...s, incidentStartedAt: s.incidentStartedAt ?? now, incidentProblem: s.incidentProblem ?? own.code, healthySince: null }, false);
      continue;
    }
    // Healthy and never in trouble (most components, most of the time): nothing to remember. A
    // record still timing its healthy reset (its flap checks with it) goes on to be deleted below.
    const s = state.components[c.id];
    if (!s || (s.incidentStartedAt === null && s.attempts === 0 && s.escalatedAt === null && s.healthySince === null)) continue;
    // A worker's uptime as the probe saw it dates its healthy time back to its start.
    const up = c.kind === 'worker' && typeof c.facts.uptimeSeconds === 'number' ? c.facts.uptimeSeconds * 1000 : 0;
    const healthySince = s.healthySince ?? now - up;
    // Up again after an escalation, but not yet for `min uptime`: still escalated (and notified),
    // so a crash loop seen up between its deaths is escalated once, not at every death.
    if (s.escalatedAt !== null && now - healthySince < settings.minUptimeMs) {
      components[c.id] = withCheck({ ...s, healthySince }, true);
      continue;
    }
    // Healthy again: no longer needs a human; the backoff resets once it has stayed healthy long enough.
    // The incident is over: the next failure is a new incident with its own detection time and
    // fingerprint (the ladder order stays with the attempts, until the healthy reset).
    const next: ComponentState = withCheck({ ...s, healthySince, escalatedAt: null, escalatedBy: undefined, escalationReason: null, incidentStartedAt: null, incidentProblem: null, escalationNotified: false, fingerprint: undefined }, true);
    if (now - healthySince >= settings.healthyResetMs) delete components[c.id];
    else components[c.id] = next;
  }
  return { ...state, components };
}

/** Records the outcome of one action: attempts, backoff and escalation. */
export function recordOutcome(state: AgentState, action: PlannedAction, result: ActionResult, settings: ResolvedSettings, now: number): AgentState {
  const s = componentState(state, action.target);
  let next: ComponentState = s;
  if (result === 'succeeded' || result === 'failed') {
    // A first start that works is not a repair; one that fails is the first failed attempt.
    // A job run that was due (attempt 0: never run, scheduled, output stale) is not a repair either.
    if (action.kind === 'remove-lock' || ((action.kind === 'start-worker' || (action.kind === 'run-job' && action.attempt === 0)) && result === 'succeeded')) return state;
    // A restart before a forecast breach is maintenance, not a repair attempt: the ladder does not move.
    if (action.problem.startsWith('predicted-') && result === 'succeeded') return state;
    // Only a verified failure climbs the ladder: a repair that worked leaves the next incident
    // of a later crash at step 1 (its time still counts towards the crash-loop window).
    const attempts = s.attempts + (result === 'failed' ? 1 : 0);
    const wait = retryWaitMs(s, attempts, settings);
    next = {
      ...s,
      attempts,
      attemptTimes: [...s.attemptTimes.filter((t) => now - t < settings.failureWindowMs), now],
      nextAttemptAt: now + wait,
      // A verified repair starts the healthy clock; a failed one stops it.
      healthySince: result === 'succeeded' ? now : null,
      incidentStartedAt: s.incidentStartedAt ?? now,
      // The incident keeps the ladder and fingerprint of its first attempt, so lessons do not shift mid-incident.
      ...(action.ladder && !s.ladder ? { ladder: action.ladder, ladderReason: action.ladderReason ?? null } : {}),
      ...(action.fingerprint && !s.fingerprint ? { fingerprint: action.fingerprint } : {}),
    };
  } else if (result === 'escalated' && action.escalatedBy === 'flapping') {
    // Flapping notifies and holds the dependents; the worker's ladder and backoff are untouched.
    next = { ...s, escalatedAt: now, escalatedBy: 'flapping', escalationReason: action.reason, escalationNotified: true, flapNotified: true, incidentStartedAt: s.incidentStartedAt ?? now };
  } else if (result === 'escalated') {
    // The ladder's end (or a fault healmap cannot repair): retries slow down to one per cooldown.
    // An escalation for flapping earlier in the incident keeps its date and its one notification.
    next = { ...s, escalatedAt: s.escalatedAt ?? now, escalatedBy: undefined, escalationReason: action.reason, escalationNotified: true, nextAttemptAt: now + settings.cooldownMs, incidentStartedAt: s.incidentStartedAt ?? now };
  } else {
    return state;
  }
  return { ...state, components: { ...state.components, [action.target]: next } };
}


/**
 * Whether a component is escalated past its ladder's end, so it is retried once per `cooldown`
 * with plain restarts; an escalation for flapping alone leaves the ladder and its backoff going on.
 */
export function retriesSlowly(s: ComponentState): boolean {
  return s.escalatedAt !== null && s.escalatedBy !== 'flapping';
}

// The wait before the next attempt: the backoff step of the attempts so far, or past the
// ladder's end the slow retry (`cooldown`, by default the last backoff step).
function retryWaitMs(s: ComponentState, attempts: number, settings: ResolvedSettings): number {
  if (retriesSlowly(s)) return settings.cooldownMs;
  return settings.backoffMs[Math.min(Math.max(attempts - 1, 0), settings.backoffMs.length - 1)] ?? 0;
}
