import { lstat, open, readlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { confinePath } from '../fs/confine-path.js';
import { pinFolder } from '../fs/pin-folder.js';
import type { FileSpec, MapModel } from '../map/types.js';

/**
 * Creates a missing file (parents too), empty or with its declared content; never overwrites,
 * never creates anything whose real place is outside the map's folder, and never writes through
 * a symbolic link (a dangling one is reported, not "skipped" as if its producer had written it).
 */
export async function createMissingFile(model: MapModel, file: FileSpec): Promise<{ ok: boolean; detail: string; created: boolean }> {
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
