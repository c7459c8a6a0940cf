import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { TempProject } from './temp-project.js';

/**
 * A temp project plus a folder outside it, for confinement tests (a link planted inside that leads
 * out): returns the set-up each test calls; both are removed after each test.
 */
export function useOutsideFolder(assign: (project: TempProject, outside: string) => void): (files: Record<string, string>) => void {
  let current: { project: TempProject; outside: string } | null = null;
  afterEach(async () => {
    if (!current) return;
    const { project, outside } = current;
    current = null;
    await project.cleanup();
    rmSync(outside, { recursive: true, force: true });
  });
  return (files) => {
    current = { project: new TempProject(files), outside: mkdtempSync(join(tmpdir(), 'healmap-outside-')) };
    assign(current.project, current.outside);
  };
}
