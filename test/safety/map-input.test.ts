import { afterEach, describe, expect, it } from 'vitest';
import { loadMap, loadMapText } from '../../src/map/load-map.js';
import { runCli } from '../helpers/run-cli.js';
import { TempProject } from '../helpers/temp-project.js';

let project: TempProject | null = null;
afterEach(async () => {
  await project?.cleanup();
  project = null;
});

const WORKER = '## Workers\n### w\n- command: sleep 1\n';
const errorsOf = async (text: string): Promise<string[]> =>
  (await loadMapText(text)).messages.filter((m) => m.severity === 'error').map((m) => `${m.place.line}:${m.place.column}: ${m.message}`);

describe('odd map input is a finding, never a crash or a hang', () => {
  it('[attack] one line of 2,000 list markers parses (it overflowed the stack)', async () => {
    const loaded = await loadMapText(`${WORKER}${'- '.repeat(2000)}x\n`);
    expect(loaded.ok).toBe(true);
    expect(loaded.model.workers.map((w) => w.name)).toEqual(['w']);
  });

  it('[attack] 200,000 nested quotes and a run of 300,000 `[` on one line parse in linear time', async () => {
    // Before the caps these took hours (20,000 quotes: 21 s, growing with the square).
    const loaded = await loadMapText(`${WORKER}${'> '.repeat(200_000)}x\n${'['.repeat(300_000)}\n`);
    expect(loaded.ok).toBe(true);
  }, 60_000);

  it('[attack] invalid UTF-8 is an error at its place, and a real U+FFFD is not', async () => {
    project = new TempProject();
    project.write('ok.md', `${WORKER}- note: \uFFFD fine\n`);
    expect((await loadMap(project.path('ok.md'))).ok).toBe(true);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(project.path('bad.md'), Buffer.concat([Buffer.from(`${WORKER}- note: ab`), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]));
    const bad = await loadMap(project.path('bad.md'));
    expect(bad.ok).toBe(false);
    expect(bad.messages.map((m) => `${m.place.line}:${m.place.column}: ${m.message}`)).toEqual(['4:11: Expected UTF-8 text, got a byte sequence that is not UTF-8']);
  });

  it('[attack] a `__proto__` (or `constructor`) config field is refused', async () => {
    const config = (name: string): string => `## Configs\n### app.json\n| Field | Type |\n|---|---|\n| ${name} | number |\n`;
    expect(await errorsOf(config('`__proto__`'))).toEqual(['5:1: Expected a config field name other than `__proto__` (it names an object\'s prototype, not a field)']);
    expect(await errorsOf(config('constructor'))).toHaveLength(1);
    expect(await errorsOf(config('port'))).toEqual([]);
  });

  it('[attack] a port written `1e3` or `0x50` is refused; `8080` is read', async () => {
    for (const port of ['1e3', '0x50', '0b1010000', '80.0']) {
      expect(await errorsOf(`${WORKER}- port: ${port}\n`)).toEqual([`4:3: Expected a port from 1 to 65535, got \`${port}\``]);
    }
    expect((await loadMapText(`${WORKER}- port: 8080\n`)).model.workers[0]?.port).toBe(8080);
  });

  it('[attack] a duration past what a timer holds (24.8 days) is refused in the map and on the command line', async () => {
    expect(await errorsOf(`${WORKER}\n## Settings\n- interval: 30 days\n`)).toEqual(['6:3: Expected a duration of at most 24 days (the longest a timer holds), got `30 days`']);
    // A freshness limit is not one timer (staleness timers re-arm past 24.8 days): a monthly file's 32 days is read.
    const monthly = await loadMapText(`## Files\n| File | Fresh within |\n|---|---|\n| out/a.jsonl | 32 days |\n`);
    expect(monthly.model.files[0]?.freshWithinMs).toBe(32 * 86_400_000);
    expect(await errorsOf(`${WORKER}\n## Settings\n- interval: 24 days\n`)).toEqual([]);
    project = new TempProject({ 'ARCHITECTURE_MAP.md': WORKER });
    const watch = await runCli(['watch', '--interval', '30d'], { cwd: project.dir });
    expect(watch.code).toBe(64);
    expect(watch.stderr).toContain('Expected --interval to be a duration from 1s to 24 days, got `30d`');
  });
});
