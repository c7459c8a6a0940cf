// Writes src/history/state-validators.ts, the state-file schemas compiled into ajv's standalone
// code, from the built dist/ (run `npm run build` first, and again afterwards).
import { writeFileSync } from 'node:fs';
import { compileStateValidators, STATE_VALIDATORS_PATH } from '../dist/history/compile-state-validators.js';

writeFileSync(new URL(`../${STATE_VALIDATORS_PATH}`, import.meta.url), compileStateValidators());
console.log(`wrote ${STATE_VALIDATORS_PATH}`);
