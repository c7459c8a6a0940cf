/**
 * The shapes of healmap's own files under `.healmap/`, checked with JSON Schema (ajv) when read:
 * valid JSON of the wrong shape (`{"components": null}`, a mistyped history line, a heartbeat of
 * `null`) is treated like garbage — set aside and started afresh — never trusted into a crash.
 * Fields are required only where readers depend on them; others may add fields freely.
 *
 * The validators are ajv's standalone code for these schemas, compiled ahead of time into
 * state-validators.ts (scripts/compile-state-validators.mjs): loading ajv and compiling them at
 * run time cost about 12 MiB of resident memory and a few hundred milliseconds of CPU in every
 * process that reads a state file, the daemon's second cycle included.
 */
import type { ValidateFunction } from 'ajv';
import * as precompiled from './state-validators.js';

const nullableNumber = { type: ['number', 'null'] };
const nullableString = { type: ['string', 'null'] };

const COMPONENT_STATE = {
  type: 'object',
  required: ['attempts', 'attemptTimes', 'nextAttemptAt', 'incidentStartedAt', 'incidentProblem', 'healthySince', 'escalatedAt', 'escalationReason', 'escalationNotified'],
  properties: {
    attempts: { type: 'integer', minimum: 0 },
    attemptTimes: { type: 'array', items: { type: 'number' } },
    nextAttemptAt: nullableNumber,
    incidentStartedAt: nullableNumber,
    incidentProblem: nullableString,
    healthySince: nullableNumber,
    escalatedAt: nullableNumber,
    escalationReason: nullableString,
    escalationNotified: { type: 'boolean' },
    ladder: { type: 'array', items: { type: 'string' } },
    ladderReason: nullableString,
    fingerprint: { type: 'string' },
    checks: { type: 'string' },
    flapping: { type: 'boolean' },
    flapPercent: { type: 'number' },
  },
};

/** JSON Schema of `.healmap/state.json`. */
export const AGENT_STATE = {
  type: 'object',
  required: ['version', 'components'],
  properties: {
    version: { const: 1 },
    components: { type: 'object', additionalProperties: COMPONENT_STATE },
  },
};

/** JSON Schema of one line of the history trail. */
export const HISTORY_ENTRY = {
  type: 'object',
  required: ['time', 'component', 'action', 'result'],
  properties: {
    time: { type: 'string' },
    component: { type: 'string' },
    problem: { type: 'string' },
    rootCause: nullableString,
    action: { type: 'string' },
    attempt: { type: 'number' },
    result: { type: 'string' },
    durationMs: { type: 'number' },
    reason: { type: 'string' },
    detail: { type: 'string' },
    stateBefore: { type: 'string' },
    stateAfter: { type: 'string' },
    detectedAt: { type: 'string' },
    failedAt: { type: 'string' },
  },
};

/** JSON Schema of the daemon heartbeat. */
export const HEARTBEAT = {
  type: 'object',
  required: ['pid', 'writtenAt', 'cycles', 'status', 'lastCycleMs'],
  properties: {
    pid: { type: 'integer', minimum: 1 },
    writtenAt: { type: 'string' },
    cycles: { type: 'number' },
    status: { type: 'string' },
    lastCycleMs: { type: 'number' },
    stopped: { type: 'boolean' },
  },
};

/** The validators of healmap's state files, compiled once per process by {@link stateSchemas}. */
export interface StateSchemas {
  agentState: ValidateFunction;
  historyEntry: ValidateFunction;
  heartbeat: ValidateFunction;
}

/** The schemas by validator name, as compiled into state-validators.ts. */
export const STATE_SCHEMAS = { agentState: AGENT_STATE, historyEntry: HISTORY_ENTRY, heartbeat: HEARTBEAT } as const;

const COMPILED: StateSchemas = {
  agentState: precompiled.agentState as unknown as ValidateFunction,
  historyEntry: precompiled.historyEntry as unknown as ValidateFunction,
  heartbeat: precompiled.heartbeat as unknown as ValidateFunction,
};

/** The validators, compiled ahead of time (no ajv at run time). */
export function stateSchemas(): StateSchemas {
  return COMPILED;
}

/** The JSON text parsed, when it parses and its shape passes `validate`; otherwise null. */
export function parseValid<T>(text: string, validate: ValidateFunction): T | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return validate(value) ? (value as T) : null;
}
