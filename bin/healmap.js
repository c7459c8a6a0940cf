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

// The daemon runs without V8's optimizing compiler (set before any code gets hot): its work is
// system calls, its cycle runs as fast in the baseline tiers, and TurboFan's code pages cost it
// about 3.6 MiB of resident memory (README, Numbers). One-shot commands keep V8's defaults.
if (process.argv[2] === 'watch') (await import('node:v8')).setFlagsFromString('--no-opt');

const { main } = await import(entry());
process.exitCode = await main(process.argv.slice(2));
