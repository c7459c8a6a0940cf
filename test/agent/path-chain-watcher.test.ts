import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { PathChainWatcher } from '../../src/agent/path-chain-watcher.js';
import { TempProject, waitFor } from '../helpers/temp-project.js';

let project: TempProject;
let watcher: PathChainWatcher;
afterEach(async () => {
  watcher.close();
  await project.cleanup();
});

function record(): { files: string[]; folders: string[]; on: ConstructorParameters<typeof PathChainWatcher>[3] } {
  const files: string[] = [];
  const folders: string[] = [];
  return {
    files, folders,
    on: { fileChanged: (path, exists) => files.push(`${exists ? '+' : '-'}${path}`), folderChanged: (path, exists) => folders.push(`${exists ? '+' : '-'}${path}`), error: (message) => { throw new Error(message); } },
  };
}

describe('PathChainWatcher', () => {
  it('reports a config saved by rename and a folder of configs created later with its contents', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': '# map\n', 'conf/app.json': '{}\n' });
    const seen = record();
    watcher = new PathChainWatcher(project.dir, [project.path('conf/app.json'), project.path('late/deep/x.ini')], [], seen.on);
    writeFileSync(project.path('conf/app.json.tmp'), '{"a":1}\n');
    renameSync(project.path('conf/app.json.tmp'), project.path('conf/app.json'));
    await waitFor(() => seen.files.includes(`+${project.path('conf/app.json')}`), 3000, 'the save by rename');
    mkdirSync(project.path('late/deep'), { recursive: true });
    writeFileSync(project.path('late/deep/x.ini'), 'a=1\n');
    await waitFor(() => seen.files.includes(`+${project.path('late/deep/x.ini')}`), 3000, 'the config in a folder created later');
    rmSync(project.path('late'), { recursive: true });
    await waitFor(() => seen.files.includes(`-${project.path('late/deep/x.ini')}`), 3000, 'the config removed with its folder');
    expect(seen.files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reports a data folder created and removed, and ignores writes inside it', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': '# map\n' });
    const seen = record();
    watcher = new PathChainWatcher(project.dir, [project.path('ARCHITECTURE_MAP.md')], [project.path('data/out')], seen.on);
    mkdirSync(project.path('data/out'), { recursive: true });
    await waitFor(() => seen.folders.includes(`+${project.path('data/out')}`), 3000, 'the data folder created');
    const before = seen.folders.length;
    for (let i = 0; i < 50; i++) writeFileSync(project.path(`data/out/w${i % 5}.jsonl`), `${i}\n`, { flag: 'a' });
    writeFileSync(project.path('ARCHITECTURE_MAP.md'), '# map edited\n');
    await waitFor(() => seen.files.includes(`+${project.path('ARCHITECTURE_MAP.md')}`), 3000, 'the map edited');
    expect(seen.folders.length).toBe(before);
    expect(watcher.size).toBe(2); // the map's folder and data/, not data/out
    rmSync(project.path('data/out'), { recursive: true });
    await waitFor(() => seen.folders.includes(`-${project.path('data/out')}`), 3000, 'the data folder removed');
  });
});
