import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { loadMapText } from '../../src/map/load-map.js';
import { mutatedMaps } from '../../bench/mutated-maps.mjs';

/** Generated cases per property; the README's reliability table reads these counts from the titles. */
const LINT_RUNS = 1500;
const HEAL_RUNS = 120;

const mutatedMap = mutatedMaps();

describe('bad input: mutated maps', () => {
  it('counts lines as CommonMark does, a lone \\r included', async () => {
    const map = await loadMapText('\r## Workers\r\r| Worker | Command |\r|---|---|\r| a | |\r');
    expect(map.messages.map((m) => `${m.place.line}:${m.place.column} ${m.rule}`)).toEqual(['6:1 missing-command']);
  });

  // Each map took over 20 s to lint before its path was made linear (measured on a 2-core machine
  // under load: 45 s and over 60 s); now well under 1 s. The deadline is generous: only a return of
  // the quadratic path can miss it.
  it('[attack] lints crafted worst cases for the free-form reader within seconds, not minutes', async () => {
    const x = 'x'.repeat(50_000);
    const crafted = [
      // A "did you mean" hint used to compare a long unknown name with every long declared one.
      `# Map\n\n## Workers\n\n| Worker | Command | Depends on |\n|---|---|---|\n| a | node a.js | ${x}z |\n\n## Files\n\n| File | Producer |\n|---|---|\n| ${x} | a |\n`,
      // A column header of 40,000 words used to be matched against the key words from each of its words.
      `# Map\n\n## Workers\n\n\`\`\`\nname  command  ${'w '.repeat(40_000)}\na  node a.js\n\`\`\`\n`,
    ];
    for (const text of crafted) {
      const started = performance.now();
      const map = await loadMapText(text, { mapPath: '/project/ARCHITECTURE_MAP.md', rootDir: '/project' });
      expect(map.messages.length).toBeGreaterThan(0);
      expect(performance.now() - started).toBeLessThan(10_000);
    }
  }, 120_000);

  it(`[fuzz] lint never throws and answers with positioned messages on ${LINT_RUNS} mutated maps`, async () => {
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(mutatedMap, async (text) => {
        const started = performance.now();
        const map = await loadMapText(text, { mapPath: '/project/ARCHITECTURE_MAP.md', rootDir: '/project' });
        slowest = Math.max(slowest, performance.now() - started);
        const lineCount = text.split(/\r\n?|\n/).length;
        for (const m of map.messages) {
          expect(m.place.line).toBeGreaterThanOrEqual(1);
          expect(m.place.line).toBeLessThanOrEqual(lineCount);
          expect(m.place.column).toBeGreaterThanOrEqual(1);
          expect(m.message.length).toBeGreaterThan(0);
        }
        for (const node of [...map.model.files, ...map.model.configs]) {
          // `..x` is a legal name inside the folder; what must never happen is leaving it.
          expect(resolve('/project', node.path).startsWith('/project/'), node.path).toBe(true);
          expect(node.path.includes('\0')).toBe(false);
        }
        if (!map.ok) expect(map.messages.some((m) => m.severity === 'error')).toBe(true);
      }),
      { numRuns: LINT_RUNS },
    );
    // The slowest map is logged, not asserted: timings are measured in the bench (`fuzz-worst` in its lint section).
    if (slowest > 5000) console.warn(`slowest mutated map took ${Math.round(slowest)} ms`);
  }, 300_000);

  it(`[fuzz] heal on an invalid map changes nothing, over ${HEAL_RUNS} mutated maps`, async () => {
    const invalid = mutatedMap.filter((text) => !text.includes('\0'));
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(invalid, async (text) => {
        const map = await loadMapText(text, { mapPath: '/project/ARCHITECTURE_MAP.md', rootDir: '/project' });
        if (map.ok) return;
        const dir = mkdtempSync(join(tmpdir(), 'healmap-fuzz-'));
        try {
          writeFileSync(join(dir, 'ARCHITECTURE_MAP.md'), text);
          const before = snapshot(dir);
          const io: Io = { out: () => {}, err: () => {}, color: false, env: {}, cwd: dir };
          expect(await main(['heal', '--map', join(dir, 'ARCHITECTURE_MAP.md')], io)).toBe(3);
          expect(snapshot(dir)).toEqual(before);
          refused++;
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: HEAL_RUNS },
    );
    expect(refused).toBeGreaterThan(HEAL_RUNS / 4);
  }, 300_000);
});

function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort().map((p) => `${p}:${statSync(join(dir, p)).size}:${statSync(join(dir, p)).mtimeMs}`);
}
