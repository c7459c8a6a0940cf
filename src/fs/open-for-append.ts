import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { pinFolder } from './pin-folder.js';

/**
 * Opens a file for appending (created 0644 when missing), never through a link planted at its
 * name, through its folder opened and checked once (pinFolder, with `within` the map's folder):
 * a folder swapped for a link after the check does not move where the worker's output goes.
 */
export async function openForAppend(path: string, within?: string): Promise<FileHandle> {
  const folder = await pinFolder(dirname(path), { within, create: true });
  try {
    return await open(folder.entry(basename(path)), constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
  } catch (error) {
    throw folder.explain(error);
  } finally {
    await folder.close();
  }
}
