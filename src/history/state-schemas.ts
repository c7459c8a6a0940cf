/**
 * The shapes of healmap's own files under `.healmap/`, checked with JSON Schema (ajv) when read:
 * valid JSON of the wrong shape (`{"components": null}`, a mistyped history line, a heartbeat of
 * `null`) is treated like garbage — set aside and started afresh — never trusted into a crash.
 * Fields are required only where readers depend on them; others may add fields freely.
 */
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';

// ajv is loaded when a state file is first read, so a command that reads none does not load it.
const load = createRequire(import.meta.url);

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
    escalatedBy: { enum: ['flapping'] },
    ladder: { type: 'array', items: { type: 'string' } },
    ladderReason: nullableString,
    fingerprint: { type: 'string' },
    checks: { type: 'string' },
    flapping: { type: 'boolean' },
    flapPercent: { type: 'number' },
    flapNotified: { type: 'boolean' },
  },
};

const AGENT_STATE = {
  type: 'object',
  required: ['version', 'components'],
  properties: {
    version: { const: 1 },
    components: { type: 'object', additionalProperties: COMPONENT_STATE },
  },
};

const HISTORY_ENTRY = {
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

const HEARTBEAT = {
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

/** The schemas of healmap's state files, by validator name (the build precompiles them). */
export const STATE_SCHEMA_SOURCES = { agentState: AGENT_STATE, historyEntry: HISTORY_ENTRY, heartbeat: HEARTBEAT };

/** The ajv options the validators are compiled with, at run time or by the build. */
export const STATE_SCHEMA_AJV_OPTIONS = { allErrors: false, strict: true, allowUnionTypes: true };

/** The validators of healmap's state files, compiled once per process by {@link stateSchemas}. */
export interface StateSchemas {
  agentState: ValidateFunction;
  historyEntry: ValidateFunction;
  heartbeat: ValidateFunction;
}

let compiled: StateSchemas | null = null;

/**
 * The compiled validators (compiled on first use: a `lint` never pays for them). `npm run build`
 * precompiles them into dist/history/state-validators.cjs (ajv's standalone code), so a one-shot
 * command neither loads ajv's ~100 modules nor compiles its meta-schema; they are used only
 * when they were made from these very schemas, else ajv compiles them here.
 */
export function stateSchemas(): StateSchemas {
  compiled ??= loadPrecompiled() ?? compileSchemas();
  return compiled;
}

function compileSchemas(): StateSchemas {
  const { Ajv } = load('ajv') as typeof import('ajv');
  const ajv = new Ajv(STATE_SCHEMA_AJV_OPTIONS);
  return { agentState: ajv.compile(AGENT_STATE), historyEntry: ajv.compile(HISTORY_ENTRY), heartbeat: ajv.compile(HEARTBEAT) };
}

// The build's validators (the same path from dist/history/ and from a bundle chunk in
// dist/bundle/), when their recorded sources are these schemas; null when missing or stale.
function loadPrecompiled(): StateSchemas | null {
  try {
    const built = load('../history/state-validators.cjs') as Partial<StateSchemas> & { sources?: unknown };
    if (built.sources !== JSON.stringify({ options: STATE_SCHEMA_AJV_OPTIONS, schemas: STATE_SCHEMA_SOURCES })) return null;
    const { agentState, historyEntry, heartbeat } = built;
    return typeof agentState === 'function' && typeof historyEntry === 'function' && typeof heartbeat === 'function' ? { agentState, historyEntry, heartbeat } : null;
  } catch {
    return null;
  }
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
