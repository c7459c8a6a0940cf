import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readOptionalText, readRegularFile, readRegularFileSync, readRegularInto } from '../../src/fs/read-regular-file.js';
import { TempProject } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(async () => project.cleanup());

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return (error as NodeJS.ErrnoException).code;
  }
  return undefined;
};

describe('readRegularFile', () => {
  it('reads a regular file within its cap, sync, async and into a buffer', async () => {
    project = new TempProject({ 'a.txt': '1234\n' });
    expect(readRegularFileSync(project.path('a.txt'), 5).toString()).toBe('1234\n');
    expect((await readRegularFile(project.path('a.txt'), 5)).toString()).toBe('1234\n');
    const buffer = Buffer.alloc(16);
    expect(buffer.toString('utf8', 0, readRegularInto(project.path('a.txt'), buffer))).toBe('1234\n');
    expect(await readOptionalText(project.path('none.txt'), 5)).toBeNull();
  });

  it('[attack] refuses a FIFO at once instead of waiting for a writer', async () => {
    project = new TempProject();
    execFileSync('mkfifo', [project.path('pipe')]);
    expect(codeOf(() => readRegularFileSync(project.path('pipe'), 1024))).toBe('ENOTREG');
    expect(codeOf(() => readRegularInto(project.path('pipe'), Buffer.alloc(64)))).toBe('ENOTREG');
    await expect(readRegularFile(project.path('pipe'), 1024)).rejects.toMatchObject({ code: 'ENOTREG' });
  });

  it('[attack] refuses a device node like /dev/zero without reading it', async () => {
    project = new TempProject();
    execFileSync('mknod', [project.path('zero'), 'c', '1', '5']);
    expect(codeOf(() => readRegularFileSync(project.path('zero'), 1024))).toBe('ENOTREG');
    await expect(readRegularFile(project.path('zero'), 1024)).rejects.toMatchObject({ code: 'ENOTREG' });
  });

  it('[attack] refuses a file past its cap (EFBIG), whatever the buffer', async () => {
    project = new TempProject({ 'big.txt': 'x'.repeat(100) });
    expect(codeOf(() => readRegularFileSync(project.path('big.txt'), 99))).toBe('EFBIG');
    expect(codeOf(() => readRegularInto(project.path('big.txt'), Buffer.alloc(100)))).toBe('EFBIG');
    await expect(readRegularFile(project.path('big.txt'), 99)).rejects.toMatchObject({ code: 'EFBIG' });
    expect(readRegularFileSync(project.path('big.txt'), 100).length).toBe(100);
  });

  it('[attack] refuses a symbolic link at the leaf unless asked to follow it', async () => {
    project = new TempProject({ 'real.txt': 'hello' });
    symlinkSync(project.path('real.txt'), project.path('link.txt'));
    symlinkSync('/dev/zero', project.path('zero-link'));
    expect(codeOf(() => readRegularFileSync(project.path('link.txt'), 100))).toBe('ESYMLINK');
    expect(readRegularFileSync(project.path('link.txt'), 100, { followSymlink: true }).toString()).toBe('hello');
    // Followed, a link to a device is still no regular file.
    expect(codeOf(() => readRegularFileSync(project.path('zero-link'), 100, { followSymlink: true }))).toBe('ENOTREG');
    writeFileSync(project.path('real.txt'), 'changed');
    await expect(readRegularFile(project.path('link.txt'), 100)).rejects.toMatchObject({ code: 'ESYMLINK' });
  });

  it('passes ENOENT through for the caller to sort as a finding', () => {
    project = new TempProject();
    expect(codeOf(() => readRegularFileSync(project.path('none'), 10))).toBe('ENOENT');
  });
});
