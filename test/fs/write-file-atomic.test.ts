import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { confinePath } from '../../src/fs/confine-path.js';
import { writeFileAtomic } from '../../src/fs/write-file-atomic.js';
import { replaceFileIfUnchanged } from '../../src/repair/replace-file.js';
import { TempProject, WORKERS } from '../helpers/temp-project.js';

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

describe('a folder swapped for a link while healmap writes (check-then-write race)', () => {
  /**
   * Writes `conf/app.json` again and again while a separate process swaps `conf` between a link to
   * `conf.real` (inside) and a link to a folder outside, as fast as it can. Returns how many writes
   * landed and how many were refused; the caller asserts nothing ever appeared outside.
   */
  async function race(write: (path: string, n: number) => Promise<unknown>, target = (_n: number) => 'conf/app.json'): Promise<{ written: number; refused: number; other: string[] }> {
    mkdirSync(project.path('conf.real'));
    symlinkSync(project.path('conf.real'), project.path('conf'));
    const swapper = project.spawn(process.execPath, [join(WORKERS, 'swap-link.mjs'), project.path('conf'), project.path('conf.real'), outside]);
    let written = 0;
    let refused = 0;
    const other: string[] = [];
    // 1,500 writes: on the old check-then-write code, several of them landed outside every time.
    for (let n = 0; n < 1500; n++) {
      try {
        await write(project.path(target(n)), n);
        written++;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EOUTSIDE') refused++;
        else other.push(String((error as NodeJS.ErrnoException).code));
      }
    }
    swapper.kill('SIGKILL');
    await new Promise((r) => (swapper.exitCode === null && swapper.signalCode === null ? swapper.once('exit', r) : r(null)));
    return { written, refused, other };
  }

  it('[attack] writeFileAtomic never writes a byte outside the map\'s folder, however the swap falls', async () => {
    setUp();
    const outcome = await race((path, n) => writeFileAtomic(path, `{"n": ${n}}`, { within: project.dir }));
    expect(readdirSync(outside)).toEqual([]);
    expect(outcome.written).toBeGreaterThan(0);
    expect(outcome.refused).toBeGreaterThan(0);
    expect(readFileSync(project.path('conf.real/app.json'), 'utf8')).toMatch(/^\{"n": \d+\}$/);
    expect(readdirSync(project.path('conf.real')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('[attack] folders made for a new file are never made outside, however the swap falls', async () => {
    setUp();
    const outcome = await race((path, n) => writeFileAtomic(path, `{"n": ${n}}`, { within: project.dir }), (n) => `conf/new-${n}/app.json`);
    expect(readdirSync(outside)).toEqual([]);
    expect(outcome.written).toBeGreaterThan(0);
    expect(outcome.refused).toBeGreaterThan(0);
  });

  it('[attack] replaceFileIfUnchanged never writes a byte outside the map\'s folder either', async () => {
    setUp();
    const outcome = await race((path, n) => replaceFileIfUnchanged(path, `{"n": ${n}}`, 'any', { within: project.dir }));
    expect(readdirSync(outside)).toEqual([]);
    expect(outcome.written).toBeGreaterThan(0);
    expect(outcome.refused).toBeGreaterThan(0);
    expect(readdirSync(project.path('conf.real')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
