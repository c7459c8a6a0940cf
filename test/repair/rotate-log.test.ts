import { lstatSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rotateLog } from '../../src/repair/rotate-log.js';
import { useOutsideFolder } from '../helpers/outside-folder.js';
import type { TempProject } from '../helpers/temp-project.js';

let project: TempProject;
let outside: string;
const setUp = useOutsideFolder((p, o) => {
  project = p;
  outside = o;
});

describe('rotating a worker log', () => {
  it('copies a log past its cap to .1 and truncates it in place, keeping its inode', async () => {
    setUp({ '.healmap/logs/w.log': 'x'.repeat(100), '.healmap/logs/w.log.1': 'older' });
    const before = lstatSync(project.path('.healmap/logs/w.log')).ino;
    expect(await rotateLog(project.path('.healmap/logs/w.log'), 50, project.dir)).toBe(true);
    expect(readFileSync(project.path('.healmap/logs/w.log.1'), 'utf8')).toBe('x'.repeat(100));
    expect(readFileSync(project.path('.healmap/logs/w.log'), 'utf8')).toBe('');
    expect(lstatSync(project.path('.healmap/logs/w.log')).ino).toBe(before);
    expect(readdirSync(project.path('.healmap/logs')).sort()).toEqual(['w.log', 'w.log.1']);
    expect(await rotateLog(project.path('.healmap/logs/w.log'), 50, project.dir)).toBe(false);
  });

  it('[attack] replaces a link planted at .1 instead of writing the log through it', async () => {
    setUp({ '.healmap/logs/w.log': 'x'.repeat(100) });
    writeFileSync(join(outside, 'victim'), 'keep me');
    symlinkSync(join(outside, 'victim'), project.path('.healmap/logs/w.log.1'));
    await rotateLog(project.path('.healmap/logs/w.log'), 50, project.dir);
    expect(readFileSync(join(outside, 'victim'), 'utf8')).toBe('keep me');
    expect(lstatSync(project.path('.healmap/logs/w.log.1')).isFile()).toBe(true);
  });

  it('[attack] neither copies nor truncates a log that is a link to a file elsewhere', async () => {
    setUp({});
    writeFileSync(join(outside, 'victim'), 'y'.repeat(100));
    project.write('.healmap/logs/.keep', '');
    symlinkSync(join(outside, 'victim'), project.path('.healmap/logs/w.log'));
    expect(await rotateLog(project.path('.healmap/logs/w.log'), 50, project.dir)).toBe(false);
    expect(readFileSync(join(outside, 'victim'), 'utf8')).toBe('y'.repeat(100));
  });
});
