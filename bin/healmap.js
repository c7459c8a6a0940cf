#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json says so): an ES module entry would load Node's ESM loader on every
// command, about a tenth of a one-shot command's CPU, before a line of healmap runs.
const { closeSync, fstatSync, openSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const DIST = join(__dirname, '..', 'dist');
const command = process.argv[2];

// A one-shot command runs its code once, cold: V8's optimizing compiler only burns CPU on it
// (about 15 % of a 1,000-worker check's CPU, and as much wall on a loaded machine). The daemon
// keeps it: its cycle runs every interval for days. Set before any healmap code is compiled, so
// the code cache below is always made and read under the same flags.
if (command !== 'watch') require('node:v8').setFlagsFromString('--no-opt');

// Whether a file `npm run build` bundled is not older than the modules (a bare `tsc` run since
// rewrites the modules, not the bundles: then the modules themselves run).
function builtAfterModules(mtimeMs) {
  try {
    return mtimeMs >= statSync(join(DIST, 'cli/main.js')).mtimeMs;
  } catch {
    return false;
  }
}

// The ES module CLI: the bundle's chunks when fresh, else the modules (built without esbuild).
function runModules() {
  const bundle = join(DIST, 'bundle/main.js');
  let fresh = false;
  try {
    fresh = builtAfterModules(statSync(bundle).mtimeMs);
  } catch {
    // no bundle
  }
  const { pathToFileURL } = require('node:url');
  return import(pathToFileURL(fresh ? bundle : join(DIST, 'cli/main.js')).href).then(({ main }) => main(process.argv.slice(2)));
}

/**
 * Runs the command's CommonJS bundle (dist/bundle/cli-NAME.cjs) with V8's code cache, or returns
 * null when there is no fresh one (no command, an unknown one, `watch`, a build without esbuild).
 * The cache is the bytecode V8 compiled while the command last ran, kept beside the bundle (never in a project's .healmap/: whoever can write there must not
 * choose the code another user's healmap runs), behind a header naming the bundle (size, mtime,
 * inode) and node: a cache of another build or node is not offered to V8, and one V8 rejects
 * (its version, flags or the source's length differ, or the file is cut short) is ignored. A
 * cache that was missing or rejected is written afresh, atomically, once the command is done;
 * a folder it cannot be written to only means no cache.
 */
function runCompiled() {
  if (!/^[a-z][a-z-]{0,40}$/.test(command ?? '')) return null;
  const path = join(DIST, `bundle/cli-${command}.cjs`);
  let fd;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  let source;
  let header;
  try {
    const info = fstatSync(fd);
    if (!builtAfterModules(info.mtimeMs)) return null;
    header = `healmap-code-cache 1 ${process.version} ${process.arch} ${info.size} ${info.mtimeMs} ${info.ino}\n`;
    source = readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
  const cachePath = join(DIST, `bundle/cli-${command}.v8-cache`);
  let cachedData;
  try {
    const kept = readFileSync(cachePath);
    if (kept.subarray(0, header.length).toString('latin1') === header) cachedData = kept.subarray(header.length);
  } catch {
    // no cache yet
  }
  const vm = require('node:vm');
  // The same wrapper every time: V8 checks a cache against the source's length.
  const script = new vm.Script(`(function (exports, require, module, __healmapBundleUrl, __healmapImport) {${source}\n})`, { filename: path, cachedData });
  const module = { exports: {} };
  const { pathToFileURL } = require('node:url');
  // The bundle's import(): the map reader's chunk beside it, or an ES-module-only package
  // (ps-list, dotenv), found from here as from the bundle (both one folder below the package).
  const importAside = (specifier) => import(specifier.startsWith('./') ? pathToFileURL(join(DIST, 'bundle', specifier)).href : specifier);
  script.runInThisContext()(module.exports, require('node:module').createRequire(path), module, pathToFileURL(path).href, importAside);
  return module.exports.main(process.argv.slice(2)).then((code) => {
    // 64: a usage error, nothing worth a cache.
    if (code !== 64 && (cachedData === undefined || script.cachedDataRejected)) writeCache(cachePath, header, script);
    return code;
  });
}

function writeCache(cachePath, header, script) {
  const temp = `${cachePath}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, Buffer.concat([Buffer.from(header, 'latin1'), script.createCachedData()]), { flag: 'wx' });
    renameSync(temp, cachePath);
  } catch {
    try {
      require('node:fs').rmSync(temp, { force: true });
    } catch {
      // a read-only folder: nothing was written
    }
  }
}

// The daemon runs the ES modules: it starts once, and its code is the chunks' code under test.
const run = (command !== 'watch' && runCompiled()) || runModules();
run.then((code) => {
  process.exitCode = code;
});
