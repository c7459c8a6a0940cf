import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Bumped when the cache's file layout changes, so files of an older layout are never trusted.
const CACHE_FORMAT = 'split-3';

// A stamp is trusted only for a map whose last change (ctime) is this much older than the moment
// the stamp is taken: a file system's timestamps are coarse (a clock tick of a few ms; a second
// on some), so an edit made in the same tick as the one stamped, with the same size, would keep
// every figure of the stamp. Once the map is older than any tick, a later edit must change ctime.
const STAMP_SETTLED_MS = 2000;

/**
 * The key a compiled map is cached under: the map's bytes, its absolute path and label, the
 * cache's layout and healmap's build (version and build fingerprint). Any change gives another key.
 * `build` is {@link healmapBuild}'s answer, when the caller already has it.
 */
export function mapCacheKey(absolute: string, label: string, bytes: Buffer, build = healmapBuild()): string {
  // node:crypto (and the ~20 modules it brings) is loaded only here: a hit on the stamp never hashes.
  const hash = process.getBuiltinModule('node:crypto').createHash('sha256');
  return hash.update(`healmap ${build}\0${CACHE_FORMAT}\0${absolute}\0${label}\0`).update(bytes).digest('hex');
}

/**
 * A cheap first gate before {@link mapCacheKey}, without reading or hashing the map: its device,
 * inode, size, mtime and ctime (nanoseconds) with its path, label and healmap's build. Any write
 * to the file changes its ctime (which no program can set back, unlike mtime) and a file put in
 * its place has another inode, so an equal stamp means the bytes hashed for the key are still the
 * bytes on disk. Null when the map changed too recently for its timestamps to tell a later edit
 * apart ({@link STAMP_SETTLED_MS}), or is not a regular file: then only the key is trusted.
 */
export function mapCacheStamp(absolute: string, label: string, build = healmapBuild(), nowMs = Date.now()): string | null {
  const info = statSync(absolute, { bigint: true });
  if (!info.isFile()) return null;
  if (Number(info.ctimeMs) > nowMs - STAMP_SETTLED_MS) return null;
  return `healmap ${build}\0${CACHE_FORMAT}\0${absolute}\0${label}\0${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
}

/**
 * Which healmap wrote a cache: package.json's version plus this build's fingerprint. A new or
 * rebuilt healmap may read maps differently (the version alone stays 0.1.0 across upgrades), so
 * it never trusts a cache written by other code. `npm run build` writes the fingerprint once
 * (dist/build-id.json, a hash of every built module); a build without it (the sources under
 * vitest, a bare `tsc`) hashes the size and mtime of every module instead, about 300 stats.
 */
export function healmapBuild(): string {
  let version = 'unknown';
  try {
    version = String((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown }).version);
  } catch {
    // no package.json beside the build: the modules below still tell builds apart
  }
  return `${version}+${readBuildId() ?? statModules()}`;
}

// The fingerprint `npm run build` wrote, if it is not older than this module (a bare `tsc` run
// since rewrites the modules but not the fingerprint); null when there is none to trust.
function readBuildId(): string | null {
  try {
    const file = new URL('../build-id.json', import.meta.url);
    if (statSync(file).mtimeMs < statSync(new URL(import.meta.url)).mtimeMs) return null;
    const id = (JSON.parse(readFileSync(file, 'utf8')) as { id?: unknown }).id;
    return typeof id === 'string' && /^[0-9a-f]{16,}$/.test(id) ? `build-${id}` : null;
  } catch {
    return null;
  }
}

// The size and mtime of every module beside this one, hashed.
function statModules(): string {
  const hash = process.getBuiltinModule('node:crypto').createHash('sha256');
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.[cm]?[jt]s$/.test(entry.name)) {
        const stat = statSync(path);
        hash.update(`\0${path}\0${stat.size}\0${stat.mtimeMs}`);
      }
    }
  };
  try {
    walk(root);
  } catch {
    hash.update('\0unreadable');
  }
  return hash.digest('hex').slice(0, 16);
}
