import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { parseValid, STATE_SCHEMA_AJV_OPTIONS, STATE_SCHEMA_SOURCES, stateSchemas } from '../../src/history/state-schemas.js';
import { REPO } from '../helpers/run-cli.js';

const component = { attempts: 1, attemptTimes: [1], nextAttemptAt: null, incidentStartedAt: 5, incidentProblem: 'dead', healthySince: null, escalatedAt: null, escalationReason: null, escalationNotified: false };
// Each validator's samples: valid ones first, then wrongly shaped ones.
const SAMPLES = {
  agentState: [
    [{ version: 1, components: {} }, { version: 1, components: { 'worker:a': component } }, { version: 1, components: {}, extra: true }],
    [null, [], { version: 2, components: {} }, { version: 1 }, { version: 1, components: null }, { version: 1, components: { 'worker:a': { ...component, attempts: -1 } } }, { version: 1, components: { 'worker:a': { ...component, healthySince: 'x' } } }],
  ],
  historyEntry: [
    [{ time: 't', component: 'worker:a', action: 'start-worker', result: 'succeeded' }, { time: 't', component: 'c', action: 'a', result: 'r', rootCause: null, attempt: 2 }],
    [{ time: 't', component: 'c', action: 'a' }, { time: 1, component: 'c', action: 'a', result: 'r' }, 'line'],
  ],
  heartbeat: [
    [{ pid: 12, writtenAt: 'now', cycles: 3, status: 'ok', lastCycleMs: 4 }],
    [{ pid: 0, writtenAt: 'now', cycles: 3, status: 'ok', lastCycleMs: 4 }, { pid: 12.5, writtenAt: 'now', cycles: 3, status: 'ok', lastCycleMs: 4 }, { pid: 12, writtenAt: 'now', cycles: 3, status: 'ok', lastCycleMs: 4, stopped: 'yes' }],
  ],
} as const;

let install: string | null = null;
afterEach(() => {
  if (install) rmSync(install, { recursive: true, force: true });
  install = null;
});

// Whether stateSchemas() of an install's built modules loaded ajv, and what its validators answer.
function runBuilt(dir: string): { ajvLoaded: boolean; answers: Record<string, boolean[]> } {
  const script = `
    import { createRequire } from 'node:module';
    const { stateSchemas } = await import(${JSON.stringify(`${dir}/dist/history/state-schemas.js`)});
    const samples = ${JSON.stringify(SAMPLES)};
    const schemas = stateSchemas();
    const answers = Object.fromEntries(Object.entries(samples).map(([name, [ok, bad]]) => [name, [...ok, ...bad].map((v) => schemas[name](v))]));
    const ajvLoaded = Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes('/ajv/dist/'));
    process.stdout.write(JSON.stringify({ ajvLoaded, answers }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { ajvLoaded: boolean; answers: Record<string, boolean[]> };
}

const expected = Object.fromEntries(Object.entries(SAMPLES).map(([name, [ok, bad]]) => [name, [...ok.map(() => true), ...bad.map(() => false)]]));

describe('the state files\' schemas', () => {
  it('accept the valid samples and refuse the wrongly shaped ones', () => {
    const schemas = stateSchemas();
    for (const [name, [ok, bad]] of Object.entries(SAMPLES)) {
      const validate = schemas[name as keyof typeof SAMPLES];
      for (const value of ok) expect(parseValid(JSON.stringify(value), validate), `${name} ${JSON.stringify(value)}`).not.toBeNull();
      for (const value of bad) expect(parseValid(JSON.stringify(value), validate), `${name} ${JSON.stringify(value)}`).toBeNull();
    }
  });

  it('are valid JSON Schemas for ajv in strict mode (the build compiles them without checking)', () => {
    const ajv = new Ajv(STATE_SCHEMA_AJV_OPTIONS);
    for (const schema of Object.values(STATE_SCHEMA_SOURCES)) expect(ajv.validateSchema(schema)).toBe(true);
  });

  it('are precompiled by the build: the built modules answer the same without loading ajv', () => {
    expect(runBuilt(REPO)).toEqual({ ajvLoaded: false, answers: expected });
  });

  it('fall back to ajv when the precompiled validators are stale or missing', () => {
    install = mkdtempSync(join(tmpdir(), 'healmap-install-'));
    cpSync(join(REPO, 'dist'), join(install, 'dist'), { recursive: true });
    cpSync(join(REPO, 'package.json'), join(install, 'package.json'));
    symlinkSync(join(REPO, 'node_modules'), join(install, 'node_modules'));
    const built = join(install, 'dist/history/state-validators.cjs');
    // Made from other schemas (a bare tsc after a schema edit): validators that accept anything.
    const stale = readFileSync(built, 'utf8').replace(/exports\.sources = .*$/m, 'exports.sources = "{}";');
    writeFileSync(built, `${stale}\nexports.heartbeat = () => true;\n`);
    expect(runBuilt(install)).toEqual({ ajvLoaded: true, answers: expected });
    rmSync(built);
    expect(runBuilt(install)).toEqual({ ajvLoaded: true, answers: expected });
  });
});
