import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../src/history/history-log.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import type { DaemonProcess } from '../helpers/run-daemon.js';
import { type TempProject, WORKERS, waitFor } from '../helpers/temp-project.js';

const agent = useAgentProjects();
let project: TempProject;
let daemon: DaemonProcess;

const MAP = '## Configs\n\n### config/app.json\n- port: integer, range 1..65535, default 8080\n- ratio: number, range 0..1, default 0.5\n';

// A config a person or a deploy script rewrites in place, slowly: half-written it does not parse.
const NEW_CONTENT = `{\n  "port": 9001,\n  "ratio": 0.75,\n  "hosts": [${Array.from({ length: 40 }, (_, i) => `"host-${i}.example.org"`).join(', ')}]\n}\n`;

describe('a config written in place while watch runs', () => {
  it.each([
    ['in chunks slower than the debounce', ['64', '250', '0']],
    ['with a pause far longer than the debounce, the file held open half-written', ['64', '40', '1500']],
  ])('is never repaired while it is being written (%s): the writer\'s content survives', async (_, pacing) => {
    project = agent.create({ 'ARCHITECTURE_MAP.md': MAP, 'config/app.json': '{\n  "port": 8000,\n  "ratio": 0.5\n}\n' });
    daemon = agent.watch(project);
    await daemon.waitForEvent((e) => e.event === 'watching', 20_000);
    await daemon.waitForEvent((e) => e.event === 'cycle', 20_000);
    // The first cycle kept a last known good copy, which a careless repair would restore over the writer.
    await waitFor(() => {
      try {
        return readFileSync(project.path('.healmap/good/config%2Fapp.json'), 'utf8').includes('8000');
      } catch {
        return false;
      }
    }, 10_000, 'a good copy');
    const writer = project.spawn(process.execPath, [`${WORKERS}/write-slowly.mjs`, project.path('config/app.json'), NEW_CONTENT, ...pacing]);
    await new Promise((resolve) => writer.once('exit', resolve));
    expect(writer.exitCode).toBe(0);
    // Let the last change event be handled, then stop: SIGTERM finishes any action in flight.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await daemon.stop()).toBe(0);
    expect(readFileSync(project.path('config/app.json'), 'utf8')).toBe(NEW_CONTENT);
    const repairs = (await readHistory(project.path('.healmap/history.jsonl'))).filter((e) => e.action === 'repair-config');
    // The daemon did see the half-written file and wanted to repair it: it waited instead.
    expect(repairs.length).toBeGreaterThan(0);
    expect(repairs.map((e) => [e.result, (e.detail ?? '').replace(/\(.*\)/, '(…)')])).toEqual(repairs.map(() => ['skipped', 'still being written (…); left alone until it settles']));
  }, 90_000);

  it('is repaired once the writer is done and the file is still wrong', async () => {
    project = agent.create({ 'ARCHITECTURE_MAP.md': MAP, 'config/app.json': '{\n  "port": 8000,\n  "ratio": 0.5\n}\n' });
    daemon = agent.watch(project);
    await daemon.waitForEvent((e) => e.event === 'cycle', 20_000);
    const broken = NEW_CONTENT.replace('"ratio": 0.75', '"ratio": 7');
    const writer = project.spawn(process.execPath, [`${WORKERS}/write-slowly.mjs`, project.path('config/app.json'), broken, '32', '40', '0']);
    await new Promise((resolve) => writer.once('exit', resolve));
    await waitFor(() => readFileSync(project.path('config/app.json'), 'utf8') === broken.replace('"ratio": 7', '"ratio": 0.5'), 30_000, 'the ratio repaired, nothing else changed');
  }, 90_000);
});
