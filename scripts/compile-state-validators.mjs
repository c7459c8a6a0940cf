// Build step: precompiles the JSON Schemas of healmap's state files (dist/history/state-schemas.js)
// into ajv's standalone validators, dist/history/state-validators.cjs, with the schemas and
// options they were made from recorded beside them, so stateSchemas() uses them only while they
// match. A one-shot command reading a state file then loads no ajv (about 100 modules) and
// compiles nothing.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const DIST = new URL('../dist/', import.meta.url);
const require = createRequire(import.meta.url);

/** Writes dist/history/state-validators.cjs; returns false (nothing written) when ajv is missing. */
export async function compileStateValidators() {
  let Ajv;
  let standaloneCode;
  try {
    ({ Ajv } = require('ajv'));
    standaloneCode = require('ajv/dist/standalone').default;
  } catch {
    return false;
  }
  const { STATE_SCHEMA_SOURCES, STATE_SCHEMA_AJV_OPTIONS } = await import(new URL('history/state-schemas.js', DIST).href);
  const ajv = new Ajv({ ...STATE_SCHEMA_AJV_OPTIONS, code: { source: true } });
  const names = {};
  for (const [name, schema] of Object.entries(STATE_SCHEMA_SOURCES)) {
    ajv.addSchema(schema, name);
    names[name] = name;
  }
  const sources = JSON.stringify({ options: STATE_SCHEMA_AJV_OPTIONS, schemas: STATE_SCHEMA_SOURCES });
  writeFileSync(new URL('history/state-validators.cjs', DIST), `${standaloneCode(ajv, names)}\nexports.sources = ${JSON.stringify(sources)};\n`);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) await compileStateValidators();
