#!/usr/bin/env node
import { statSync } from 'node:fs';

// The bundled CLI `npm run build` makes (a few files to load instead of ~65 modules), unless a
// bare `tsc` has rewritten the modules since: then the modules themselves.
function entry() {
  try {
    const bundle = new URL('../dist/bundle/main.js', import.meta.url);
    if (statSync(bundle).mtimeMs >= statSync(new URL('../dist/cli/main.js', import.meta.url)).mtimeMs) return bundle.href;
  } catch {
    // no bundle (built without esbuild): the modules
  }
  return new URL('../dist/cli/main.js', import.meta.url).href;
}

// A one-shot command runs its code once, cold: V8's optimizing compiler only burns CPU on it
// (about 15 % of a 1,000-worker check's CPU, and as much wall on a loaded machine). The daemon
// keeps it: its cycle runs every interval for days.
if (process.argv[2] !== 'watch') (await import('node:v8')).setFlagsFromString('--no-opt');
const { main } = await import(entry());
process.exitCode = await main(process.argv.slice(2));
