import { lstat, mkdir, open, readlink, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { confinePath } from '../fs/confine-path.js';
import { pinFolder } from '../fs/pin-folder.js';
import type { FileSpec, MapModel } from '../map/types.js';

/**
 * Creates a missing file (parents too), empty or with its declared content; never overwrites,
 * never creates anything whose real place is outside the map's folder, and never writes through
 * a symbolic link (a dangling one is reported, not "skipped" as if its producer had written it).
 * A path the map names as a folder is created as a folder (see {@link createMissingFolder}).
 */
export async function createMissingFile(model: MapModel, file: FileSpec): Promise<{ ok: boolean; detail: string; created: boolean }> {
  if (file.folder) return createMissingFolder(model, file);
  const path = confinePath(model.rootDir, join(model.rootDir, file.path));
  // Folders made and the file created through the folder opened and checked once (no swap race).
  const folder = await pinFolder(dirname(path), { within: model.rootDir, create: true });
  const entry = folder.entry(basename(path));
  try {
    const handle = await open(entry, 'wx');
    try {
      if (file.createWith !== null) await handle.writeFile(file.createWith.endsWith('\n') ? file.createWith : `${file.createWith}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { ok: true, created: true, detail: file.createWith === null ? 'created empty' : 'created with its declared content' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      // O_EXCL never follows a link: a dangling one is EEXIST too, and no producer wrote it.
      if ((await lstat(entry)).isSymbolicLink()) {
        return { ok: false, created: false, detail: `is a symbolic link to ${await readlink(entry)}, which does not exist; healmap does not create files through links` };
      }
      return { ok: true, created: false, detail: 'exists now (its producer wrote it); left untouched' };
    }
    throw folder.explain(error);
  } finally {
    await folder.close();
  }
}

/**
 * Creates a missing folder the map names (`spool/out/`), parents too, inside the map's folder and
 * through its parent opened and checked once; never with content. An existing folder is left
 * alone, and a file, or a link leading nowhere, at that path is reported, never replaced.
 */
async function createMissingFolder(model: MapModel, file: FileSpec): Promise<{ ok: boolean; detail: string; created: boolean }> {
  const path = confinePath(model.rootDir, join(model.rootDir, file.path));
  const parent = await pinFolder(dirname(path), { within: model.rootDir, create: true });
  const entry = parent.entry(basename(path));
  try {
    await mkdir(entry);
    await parent.sync();
    return { ok: true, created: true, detail: 'created folder' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw parent.explain(error);
    const found = await lstat(entry);
    if (found.isDirectory()) return { ok: true, created: false, detail: 'folder exists now (its producer made it); left untouched' };
    if (found.isSymbolicLink()) {
      const target = await stat(entry).catch(() => null);
      if (target === null) return { ok: false, created: false, detail: `is a symbolic link to ${await readlink(entry)}, which does not exist; healmap does not create folders through links` };
      if (target.isDirectory()) return { ok: true, created: false, detail: 'folder exists now (through a symbolic link); left untouched' };
    }
    return { ok: false, created: false, detail: 'is a file, but the map names a folder here; healmap never replaces it' };
  } finally {
    await parent.close();
  }
}
