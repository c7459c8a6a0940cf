// Build step after `tsc`: bundles the CLI (and the map child and parse worker it spawns) from
// dist/ into dist/bundle/, one chunk per command plus shared chunks, so a one-shot command opens
// a handful of files instead of ~65 modules; then the same CLI again as one CommonJS file,
// dist/bundle/cli.cjs, which bin/healmap.js runs for one-shot commands through V8's code cache;
// then writes dist/build-id.json, the fingerprint of this build that keys the compiled map cache
// (one small read per command instead of ~300 stats).
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
  entryPoints: {
    main: join(DIST, 'cli/main.js'),
    'compile-map-child': join(DIST, 'map/compile-map-child.js'),
    'parse-worker': join(DIST, 'map/parse-worker.js'),
    // The map reader under a name of its own, for the CommonJS bundle below to import.
    'load-map': join(DIST, 'map/load-map.js'),
  },
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

// The one-shot commands' CommonJS bundles, one per command (dist/bundle/cli-check.cjs...), which
// bin/healmap.js runs through V8's code cache. CommonJS because Node 20 keeps V8's code cache
// only for a script (vm.Script's cachedData), never for an ES module, and because an ES module
// pays for the ESM loader and for a facade of every built-in it imports (`node:fs` loads the
// streams stack for its ReadStream getter). One per command because a script's top level
// declares every function bundled in it: one CLI-wide file (1.1 MB) made a `check` code cache of
// 340 KB and no faster start than the chunks; `check` alone is 160 KB. In each, the other commands'
// imports are left out (never reached: the file is chosen by the command's name), and so is the
// map reader a compiled map's cache miss imports (the Markdown parser's ~150 modules, in the
// chunks above as dist/bundle/load-map.js): the first run after a build parses the map, and its
// code cache would otherwise carry the parser into every later run. `import.meta.url` is the
// bundle's URL, passed in by bin/healmap.js: dist/bundle/ is at the modules' folder depth, so
// relative paths resolve alike. So is `import()`: Node 20 runs an import() in a vm.Script only
// behind a flag (or with a warning), so the bundle's few (the map reader, ps-list, dotenv) call
// `__healmapImport`, which bin/healmap.js passes in and which imports from the bundle's folder.
const table = readFileSync(join(DIST, 'cli/main.js'), 'utf8');
const commands = [...table.matchAll(/^\s*'?([a-z][a-z-]*)'?: \{ summary: .*import\('\.\/(command-[a-z-]+)\.js'\)/gm)].map((m) => ({ name: m[1], module: `${m[2]}.js` }));
if (esbuild && !commands.some((c) => c.name === 'check')) throw new Error('healmap build: expected the command table in dist/cli/main.js (name: { summary, load: import(./command-NAME.js) }), found no `check` in it');
// The daemon starts once and runs for days: it keeps the chunks.
await Promise.all(commands.filter((c) => c.name !== 'watch').map((command) => esbuild?.build({
  entryPoints: { [`cli-${command.name}`]: join(DIST, 'cli/main.js') },
  outdir: OUT,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  define: { 'import.meta.url': '__healmapBundleUrl' },
  plugins: [{
    name: 'one-command',
    setup(build) {
      build.onResolve({ filter: /^\.\/(command-[a-z-]+|load-map)\.js$/ }, (args) => {
        if (args.kind !== 'dynamic-import' || args.path === `./${command.module}`) return undefined;
        return { path: args.path, external: true };
      });
    },
  }],
  logLevel: 'warning',
  write: false,
}).then(({ outputFiles }) => {
  for (const file of outputFiles) writeFileSync(file.path, file.text.replace(/\bimport\((?="[^"\n]+"\))/g, '__healmapImport('));
})));

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
