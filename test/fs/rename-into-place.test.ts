import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pinFolder, type PinnedFolder } from '../../src/fs/pin-folder.js';
import { renameIntoPlace } from '../../src/fs/rename-into-place.js';
import { writeTempFile } from '../../src/fs/write-temp-file.js';
import { TempProject } from '../helpers/temp-project.js';

let project: TempProject;
let outside: string;
let folder: PinnedFolder | null = null;
afterEach(async () => {
  await folder?.close();
  folder = null;
  await project.cleanup();
  rmSync(outside, { recursive: true, force: true });
});

// A real folder `sub` of the map's folder, pinned and checked, with a temp file ready in it.
async function pinWithTemp(files: Record<string, string>): Promise<{ pinned: PinnedFolder; temp: string }> {
  project = new TempProject(files);
  outside = mkdtempSync(join(tmpdir(), 'healmap-outside-'));
  folder = await pinFolder(project.path('sub'), { within: project.dir, create: true });
  const temp = await writeTempFile(folder, 'app.conf', 'new', { mode: 0o644, within: project.dir });
  return { pinned: folder, temp };
}

describe('renameIntoPlace', () => {
  it('renames the temp file over the target in a folder still inside the map\'s folder, leaving nothing beside it', async () => {
    const { pinned, temp } = await pinWithTemp({ 'sub/app.conf': 'old' });
    await renameIntoPlace(pinned, temp, 'app.conf');
    expect(readFileSync(project.path('sub/app.conf'), 'utf8')).toBe('new');
    expect(readdirSync(project.path('sub'))).toEqual(['app.conf']);
  });

  it('puts the replaced file back and reports it when the folder was moved out of the map\'s folder before the rename', async () => {
    const { pinned, temp } = await pinWithTemp({ 'sub/app.conf': 'old' });
    // The move lands between the last check and the rename: the rename follows the folder out.
    renameSync(project.path('sub'), join(outside, 'sub'));
    await expect(renameIntoPlace(pinned, temp, 'app.conf')).rejects.toMatchObject({
      code: 'EOUTSIDE',
      message: expect.stringMatching(/outside the map's folder .*moved there while healmap wrote in it: the write was undone$/),
    });
    expect(readFileSync(join(outside, 'sub/app.conf'), 'utf8')).toBe('old');
    expect(readdirSync(join(outside, 'sub'))).toEqual(['app.conf']);
  });

  it('removes a file it created in a folder moved out of the map\'s folder', async () => {
    const { pinned, temp } = await pinWithTemp({});
    renameSync(project.path('sub'), join(outside, 'sub'));
    await expect(renameIntoPlace(pinned, temp, 'app.conf')).rejects.toMatchObject({ code: 'EOUTSIDE' });
    expect(readdirSync(join(outside, 'sub'))).toEqual([]);
  });
});
