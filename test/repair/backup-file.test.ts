import { readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backupFile } from '../../src/repair/backup-file.js';
import { useOutsideFolder } from '../helpers/outside-folder.js';
import type { TempProject } from '../helpers/temp-project.js';

let project: TempProject;
let outside: string;
const setUp = useOutsideFolder((p, o) => {
  project = p;
  outside = o;
});

describe('backing up a file', () => {
  it('[attack] refuses a backups folder that is a link out of the map\'s folder, copying nothing there', async () => {
    setUp({ 'app.conf': 'secret=1\n', '.healmap/.keep': '' });
    symlinkSync(outside, project.path('.healmap/backups'));
    await expect(backupFile(project.path('app.conf'), 'app.conf', project.path('.healmap/backups'), { within: project.dir })).rejects.toMatchObject({ code: 'EOUTSIDE' });
    expect(readdirSync(outside)).toEqual([]);
    const made = await backupFile(project.path('app.conf'), 'app.conf', project.path('.healmap/good'), { within: project.dir, now: new Date('2026-01-02T03:04:05Z') });
    expect(made).toBe(project.path('.healmap/good/app.conf.2026-01-02T03-04-05-000Z.bak'));
    expect(readFileSync(made, 'utf8')).toBe('secret=1\n');
  });
});
