// Whole-process time and peak memory of `healmap lint` on generated maps of growing size.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMap } from './generate-map.mjs';

const BIN = new URL('../bin/healmap.js', import.meta.url).pathname;
const REPORTER = new URL('./rss-reporter.cjs', import.meta.url).pathname;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs lint `runs` times on a generated map; returns median wall ms and peak RSS bytes. */
export function benchLint(workers, form, runs) {
  const dir = mkdtempSync(join(tmpdir(), 'healmap-bench-'));
  const map = join(dir, 'ARCHITECTURE_MAP.md');
  const text = generateMap(workers, form);
  writeFileSync(map, text);
  const rssFile = join(dir, 'rss');
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ['--require', REPORTER, BIN, 'lint', '--quiet', '--map', map], {
      env: { ...process.env, HEALMAP_BENCH_RSS_FILE: rssFile }, encoding: 'utf8',
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) throw new Error(`lint failed on ${workers} ${form}: ${result.stderr}`);
  }
  const rss = Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number));
  rmSync(dir, { recursive: true, force: true });
  return { workers, form, bytes: text.length, ms: median(times), rss };
}

/**
 * Lints `samples` mutated maps (the fuzz test's generator, fixed seed) in this process and returns
 * the slowest: a superlinear path in the map reader shows here as one map far slower than the rest.
 */
export async function benchLintFuzzWorst(samples, seed) {
  const fc = (await import('fast-check')).default;
  const { mutatedMaps } = await import('./mutated-maps.mjs');
  const { loadMapText } = await import('../dist/map/load-map.js');
  let slowest = { ms: 0, bytes: 0, index: -1 };
  let totalMs = 0;
  for (const [index, text] of fc.sample(mutatedMaps(), { numRuns: samples, seed }).entries()) {
    const start = process.hrtime.bigint();
    await loadMapText(text, { mapPath: '/project/ARCHITECTURE_MAP.md', rootDir: '/project' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    totalMs += ms;
    if (ms > slowest.ms) slowest = { ms, bytes: text.length, index };
  }
  return { samples, seed, totalMs, slowest };
}
