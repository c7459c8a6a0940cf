import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { confinePath } from '../../src/fs/confine-path.js';
import { writeFileAtomic } from '../../src/fs/write-file-atomic.js';
import { TempProject } from '../helpers/temp-project.js';

let project: TempProject;
let outside: string;
afterEach(async () => {
  await project.cleanup();
  rmSync(outside, { recursive: true, force: true });
});
const setUp = (files: Record<string, string> = {}): void => {
  project = new TempProject(files);
  outside = mkdtempSync(join(tmpdir(), 'healmap-outside-'));
};

describe('writeFileAtomic', () => {
  it('writes new content whole, creating folders, and leaves no temp file', async () => {
    setUp({ 'a.json': 'old' });
    await writeFileAtomic(project.path('a.json'), 'new', { within: project.dir });
    await writeFileAtomic(project.path('deep/er/b.json'), 'b', { within: project.dir });
    expect(readFileSync(project.path('a.json'), 'utf8')).toBe('new');
    expect(readFileSync(project.path('deep/er/b.json'), 'utf8')).toBe('b');
    expect(readdirSync(project.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('[attack] refuses to replace a symbolic link at the leaf, and leaves link and target as they were', async () => {
    setUp({ 'target.json': '{"a":1}' });
    symlinkSync(project.path('target.json'), project.path('config.json'));
    await expect(writeFileAtomic(project.path('config.json'), 'x', { within: project.dir })).rejects.toMatchObject({ code: 'ESYMLINK' });
    expect(lstatSync(project.path('config.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(project.path('target.json'), 'utf8')).toBe('{"a":1}');
  });

  it('[attack] refuses a target under a symlinked folder leading outside, creating nothing there', async () => {
    setUp();
    symlinkSync(outside, project.path('out'));
    await expect(writeFileAtomic(project.path('out/new/x.json'), 'x', { within: project.dir })).rejects.toMatchObject({ code: 'EOUTSIDE' });
    expect(readdirSync(outside)).toEqual([]);
  });

  it('[attack] refuses a symlinked .healmap, even one pointing inside the folder', async () => {
    setUp();
    mkdirSync(project.path('elsewhere'));
    symlinkSync(project.path('elsewhere'), project.path('.healmap'));
    await expect(writeFileAtomic(project.path('.healmap/state.json'), '{}', { within: project.dir })).rejects.toMatchObject({ code: 'EOUTSIDE' });
    expect(readdirSync(project.path('elsewhere'))).toEqual([]);
  });

  it('allows a symlinked folder whose real place is inside the map folder', async () => {
    setUp();
    mkdirSync(project.path('real'));
    symlinkSync(project.path('real'), project.path('alias'));
    expect(confinePath(project.dir, project.path('alias/x.json'))).toBe(project.path('alias/x.json'));
    await writeFileAtomic(project.path('alias/x.json'), 'x', { within: project.dir });
    expect(readFileSync(project.path('real/x.json'), 'utf8')).toBe('x');
  });
});
