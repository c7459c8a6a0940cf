import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileStateValidators, STATE_VALIDATORS_PATH } from '../../src/history/compile-state-validators.js';
import { parseValid, stateSchemas } from '../../src/history/state-schemas.js';
import { REPO } from '../helpers/run-cli.js';
import { TempProject } from '../helpers/temp-project.js';

const COMPONENT = { attempts: 0, attemptTimes: [], nextAttemptAt: null, incidentStartedAt: null, incidentProblem: null, healthySince: null, escalatedAt: null, escalationReason: null, escalationNotified: false };

describe('state-file validators', () => {
  it('are compiled from the current schemas (regenerate state-validators.ts after changing one)', () => {
    const committed = readFileSync(join(REPO, STATE_VALIDATORS_PATH), 'utf8');
    expect(committed, 'run `npm run build && node scripts/compile-state-validators.mjs`').toBe(compileStateValidators());
  });

  it('accept a well-formed state, history line and heartbeat', () => {
    const schemas = stateSchemas();
    expect(parseValid(JSON.stringify({ version: 1, components: { 'worker:a': COMPONENT } }), schemas.agentState)).not.toBeNull();
    expect(parseValid('{"time":"t","component":"worker:a","action":"restart","result":"succeeded","rootCause":null}', schemas.historyEntry)).not.toBeNull();
    expect(parseValid('{"pid":12,"writtenAt":"t","cycles":3,"status":"ok","lastCycleMs":4}', schemas.heartbeat)).not.toBeNull();
  });

  it('reject valid JSON of the wrong shape', () => {
    const schemas = stateSchemas();
    expect(parseValid('{"version":1,"components":null}', schemas.agentState)).toBeNull();
    expect(parseValid('{"version":2,"components":{}}', schemas.agentState)).toBeNull();
    expect(parseValid(JSON.stringify({ version: 1, components: { 'worker:a': { ...COMPONENT, attempts: -1 } } }), schemas.agentState)).toBeNull();
    expect(parseValid(JSON.stringify({ version: 1, components: { 'worker:a': { ...COMPONENT, attempts: 1.5 } } }), schemas.agentState)).toBeNull();
    expect(parseValid('{"time":"t","component":"worker:a","action":"restart"}', schemas.historyEntry)).toBeNull();
    expect(parseValid('{"pid":0,"writtenAt":"t","cycles":3,"status":"ok","lastCycleMs":4}', schemas.heartbeat)).toBeNull();
    expect(parseValid('null', schemas.heartbeat)).toBeNull();
    expect(parseValid('not json', schemas.heartbeat)).toBeNull();
  });

  it('do not load ajv: the built agent reads and writes its state without it', async () => {
    const project = new TempProject({ '.healmap/state.json': JSON.stringify({ version: 1, components: { 'worker:a': COMPONENT } }) });
    try {
      const script = `
        import { createRequire } from 'node:module';
        const { readAgentState, saveAgentState } = await import(${JSON.stringify(join(REPO, 'dist/history/agent-state.js'))});
        const path = ${JSON.stringify(project.path('.healmap/state.json'))};
        const { state, text } = await readAgentState(path);
        await saveAgentState(path, { ...state, components: {} }, text);
        const loaded = Object.keys(createRequire(import.meta.url).cache).filter((p) => p.includes('/node_modules/ajv/'));
        console.log(JSON.stringify({ read: Object.keys(state.components), loaded }));`;
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile(process.execPath, ['--input-type=module', '-e', script], (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)));
      });
      expect(JSON.parse(stdout)).toEqual({ read: ['worker:a'], loaded: [] });
    } finally {
      await project.cleanup();
    }
  });
});
