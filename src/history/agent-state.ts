import type { ComponentId } from '../map/types.js';
import { readRegularFile, STATE_MAX_BYTES } from '../fs/read-regular-file.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { parseValid, stateSchemas } from './state-schemas.js';

/** What healmap remembers of one component across cycles and restarts of itself. */
export interface ComponentState {
  /** Repair attempts that failed verification in the open incident (the ladder position). */
  attempts: number;
  /** When each recent attempt was made, for the restart-intensity window. */
  attemptTimes: number[];
  /** No attempt before this time (backoff or post-escalation cooldown). */
  nextAttemptAt: number | null;
  /** When the open incident was first detected; null when there is none. */
  incidentStartedAt: number | null;
  incidentProblem: string | null;
  /** Since when the component has been healthy while an incident is still open. */
  healthySince: number | null;
  /** Set when healmap escalated: the component needs manual intervention. */
  escalatedAt: number | null;
  escalationReason: string | null;
  /** Whether the on-escalate command already ran for this incident (once per incident). */
  escalationNotified: boolean;
  /** Set while the escalation is for flapping, before the ladder's end: the ladder and its backoff go on. */
  escalatedBy?: 'flapping';
  /** The open incident's ladder order and why (chosen from lessons at its first attempt). */
  ladder?: string[];
  ladderReason?: string | null;
  /** The open incident's fingerprint, fixed at its first attempt. */
  fingerprint?: string;
  /** The last check results, oldest first (`1` healthy, `0` not), for flap detection. */
  checks?: string;
  /** Whether the component is flapping, and its weighted percent of state changes. */
  flapping?: boolean;
  flapPercent?: number;
  /** Set once a person was told it flaps, until it stops flapping (one notice per episode, as Nagios). */
  flapNotified?: boolean;
}

/** The agent's persisted memory, `.healmap/state.json`. */
export interface AgentState {
  version: 1;
  components: Record<ComponentId, ComponentState>;
}

/** A fresh state for a component that never had an incident. */
export function emptyComponentState(): ComponentState {
  return {
    attempts: 0, attemptTimes: [], nextAttemptAt: null, incidentStartedAt: null, incidentProblem: null,
    healthySince: null, escalatedAt: null, escalationReason: null, escalationNotified: false,
  };
}

/**
 * Reads the state file; a missing, unreadable, corrupt or wrongly shaped one starts empty (it is
 * rebuilt as healmap runs; the next save keeps the bad file aside).
 */
export async function loadAgentState(path: string): Promise<AgentState> {
  return (await readAgentState(path)).state;
}

/** The state and the file's text as read (null when missing), so an unchanged state is not rewritten. */
export async function readAgentState(path: string): Promise<{ state: AgentState; text: string | null }> {
  let text: string | null = null;
  try {
    text = (await readRegularFile(path, STATE_MAX_BYTES)).toString('utf8');
  } catch {
    // missing or unreadable: start afresh, history still has the record
  }
  const state = text === null ? null : parseValid<AgentState>(text, stateSchemas().agentState);
  return { state: state ?? { version: 1, components: {} }, text };
}

/**
 * Writes the state atomically, so a crash never leaves it half-written; returns the text. A state
 * whose text equals `current` (what the file holds) is not written again: a healthy cycle
 * changes nothing and costs no write and no fsync.
 */
export async function saveAgentState(path: string, state: AgentState, current: string | null = null): Promise<string> {
  const text = `${JSON.stringify(state, null, 2)}\n`;
  if (text === current) return text;
  // A file that was garbage or of the wrong shape is kept aside for a person, not overwritten.
  if (current !== null && current.trim() !== '' && parseValid(current, stateSchemas().agentState) === null) {
    await writeFileAtomic(`${path}.bad-${new Date().toISOString().replace(/[:.]/g, '-')}`, current);
  }
  await writeFileAtomic(path, text);
  return text;
}

/** The state of one component (a fresh one when it has none). */
export function componentState(state: AgentState, id: ComponentId): ComponentState {
  return state.components[id] ?? emptyComponentState();
}

/** Components currently escalated, with why: what reports mark "needs manual intervention". */
export function escalatedComponents(state: AgentState): Map<ComponentId, string> {
  const escalated = new Map<ComponentId, string>();
  for (const [id, s] of Object.entries(state.components)) if (s.escalatedAt !== null) escalated.set(id, s.escalationReason ?? 'escalated');
  return escalated;
}
