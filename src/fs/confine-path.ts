import { lstatSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { UnsafeFileError } from '../errors.js';

/** The name of healmap's state folder beside the map. */
export const STATE_FOLDER = '.healmap';

/**
 * Checks that `path` really lies inside `rootDir`: the real path (every symbolic link resolved) of
 * its deepest existing ancestor must be the real root or below it, and the state folder
 * `.healmap` may not be a symbolic link at all. Throws {@link UnsafeFileError} (`EOUTSIDE`) when
 * it does not; returns `path` otherwise. Checked before any folder is created, so a symlinked
 * folder never gets new folders made on its far side. The leaf itself is not resolved: writers
 * refuse a symlink there on their own (see writeFileAtomic).
 */
export function confinePath(rootDir: string, path: string): string {
  const realRoot = realpathSync(rootDir);
  const inside = relative(rootDir, path);
  if (inside === '' ) return path;
  if (inside.startsWith(`..${sep}`) || inside === '..') throw outside(path, rootDir, path);
  const parts = inside.split(sep);
  if (parts[0] === STATE_FOLDER && parts.length > 0) refuseSymlinkedStateFolder(rootDir);
  const ancestor = deepestExistingAncestor(dirname(path), rootDir);
  const real = realpathSync(ancestor);
  if (real !== realRoot && !real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) throw outside(path, rootDir, real);
  return path;
}

// The folders healmap makes inside `.healmap/` (see state-paths): none of them may be a link either.
const STATE_SUBFOLDERS = ['run', 'logs', 'backups', 'good'];

/**
 * Refuses a `.healmap` (or one of its folders) that is a symbolic link — it would move state,
 * pidfiles and backups out of the map's folder — or that is not a folder at all.
 */
export function refuseSymlinkedStateFolder(rootDir: string): void {
  const state = join(rootDir, STATE_FOLDER);
  for (const folder of [state, ...STATE_SUBFOLDERS.map((name) => join(state, name))]) {
    const info = lstatSync(folder, { throwIfNoEntry: false });
    if (!info) continue;
    if (info.isSymbolicLink()) {
      throw new UnsafeFileError('EOUTSIDE', `${folder} is a symbolic link; healmap keeps its state only in real folders beside the map`, folder);
    }
    if (!info.isDirectory()) throw new UnsafeFileError('ENOTREG', `${folder} is not a folder; healmap keeps its state in a folder of that name`, folder);
  }
}

function deepestExistingAncestor(dir: string, rootDir: string): string {
  let current = dir;
  for (;;) {
    if (lstatSync(current, { throwIfNoEntry: false })) return current;
    const parent = dirname(current);
    if (parent === current || current === rootDir) return current;
    current = parent;
  }
}

function outside(path: string, rootDir: string, real: string): UnsafeFileError {
  return new UnsafeFileError('EOUTSIDE', `${path} resolves to ${real}, outside the map's folder ${rootDir}; healmap changes nothing outside it`, path);
}
