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

// Without V8's optimizing compiler (set before any code gets hot; later, startup code is already
// optimized). A one-shot command runs its code once, cold: TurboFan only burns CPU on it (about
// 15 % of a 1,000-worker check's CPU, and as much wall on a loaded machine). The daemon's work is
// system calls: its cycle costs no more in the baseline tiers, and TurboFan's code pages cost it
// about 3.6 MiB of resident memory (README, Numbers).
(await import('node:v8')).setFlagsFromString('--no-opt');
const { main } = await import(entry());
process.exitCode = await main(process.argv.slice(2));
