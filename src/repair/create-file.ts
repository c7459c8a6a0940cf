import { mkdir, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileSpec, MapModel } from '../map/types.js';

/** Creates a missing file (parents too), empty or with its declared content; never overwrites. */
export async function createMissingFile(model: MapModel, file: FileSpec): Promise<{ ok: boolean; detail: string; created: boolean }> {
  const path = join(model.rootDir, file.path);
  await mkdir(dirname(path), { recursive: true });
  try {
    const handle = await open(path, 'wx');
    try {
      if (file.createWith !== null) await handle.writeFile(file.createWith.endsWith('\n') ? file.createWith : `${file.createWith}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { ok: true, created: true, detail: file.createWith === null ? 'created empty' : 'created with its declared content' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { ok: true, created: false, detail: 'exists now (its producer wrote it); left untouched' };
    throw error;
  }
}
