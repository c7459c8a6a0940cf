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

const { main } = await import(entry());
process.exitCode = await main(process.argv.slice(2));
