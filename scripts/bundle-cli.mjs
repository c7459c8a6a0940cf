// Build step after `tsc`: bundles the CLI (and the map child and parse worker it spawns) from
// dist/ into dist/bundle/, one chunk per command plus shared chunks, so a one-shot command opens
// a handful of files instead of ~65 modules; then writes dist/build-id.json, the fingerprint of
// this build that keys the compiled map cache (one small read per command instead of ~300 stats).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileStateValidators } from './compile-state-validators.mjs';

const DIST = new URL('../dist/', import.meta.url).pathname;
const OUT = join(DIST, 'bundle');
const EXTERNAL = ['ajv', 'ajv/*', 'chokidar', 'croner', 'dotenv', 'ini', 'jsonc-parser', 'prom-client', 'ps-list', 'smol-toml', 'yaml'];

rmSync(OUT, { recursive: true, force: true });
// esbuild is a devDependency: a build without it (npm install --omit=dev) runs the modules unbundled.
const esbuild = await import('esbuild').catch(() => null);
if (!esbuild) console.warn('healmap build: esbuild is not installed; bin/healmap.js runs the unbundled modules');
await esbuild?.build({
  // Same folder depth as dist/cli/ and dist/map/: paths taken from import.meta.url (package.json,
  // bin/healmap.js, node_modules) resolve alike from a chunk and from the module it came from.
  entryPoints: { main: join(DIST, 'cli/main.js'), 'compile-map-child': join(DIST, 'map/compile-map-child.js'), 'parse-worker': join(DIST, 'map/parse-worker.js') },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The Markdown parser's ESM family (unified, remark, micromark, mdast, vfile: ~140 small
  // modules) is bundled too, for lint, explain and a map parsed afresh; libraries in CommonJS or
  // loaded at their point of use stay in node_modules.
  external: EXTERNAL,
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});

// The state files' validators, precompiled (before the fingerprint, which covers them too).
await compileStateValidators();

// The fingerprint covers every built file's bytes (build-id.json itself excepted).
const hash = createHash('sha256');
const walk = (folder) => {
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (/\.[cm]?js$/.test(entry.name)) hash.update(`\0${path.slice(DIST.length)}\0`).update(readFileSync(path));
  }
};
walk(DIST);
writeFileSync(join(DIST, 'build-id.json'), `${JSON.stringify({ id: hash.digest('hex').slice(0, 32) })}\n`);
