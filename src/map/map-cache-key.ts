import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Bumped when the cache's file layout changes, so files of an older layout are never trusted.
const CACHE_FORMAT = 'split-2';

/**
 * The key a compiled map is cached under: the map's bytes, its absolute path and label, the
 * cache's layout and healmap's build (version and build fingerprint). Any change gives another key.
 */
export function mapCacheKey(absolute: string, label: string, bytes: Buffer): string {
  return createHash('sha256').update(`healmap ${healmapVersion()}\0${CACHE_FORMAT}\0${absolute}\0${label}\0`).update(bytes).digest('hex');
}

// package.json's version plus this build's fingerprint: a new or rebuilt healmap may read maps
// differently (the version alone stays 0.1.0 across upgrades), so it never trusts a cache written
// by other code. `npm run build` writes the fingerprint once (dist/build-id.json, a hash of every
// built module); a build without it (the sources under vitest, a bare `tsc`) hashes the size and
// mtime of every module instead, about 300 stats per load.
function healmapVersion(): string {
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
  const hash = createHash('sha256');
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
