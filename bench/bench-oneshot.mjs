// Whole-process `healmap check` wall time, peak RSS and modules loaded on live workers, with the
// compiled map cache warm.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createProject } from './project.mjs';

const BIN = new URL('../bin/healmap.js', import.meta.url).pathname;
const REPORTER = new URL('./rss-reporter.cjs', import.meta.url).pathname;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Module files (.js, .mjs, .cjs) one `healmap check` opens, counted with strace; null when strace
 * is not installed.
 */
function countModules(bin, dir) {
  const r = spawnSync('strace', ['-f', '-e', 'trace=openat', process.execPath, bin, 'check'], { cwd: dir, encoding: 'utf8' });
  if (r.error || r.stderr === undefined) return null;
  const opened = new Set();
  for (const line of r.stderr.split('\n')) {
    const m = /openat\([^"]*"([^"]+\.[mc]?js)"/.exec(line);
    if (m && !line.includes('ENOENT')) opened.add(m[1]);
  }
  return opened.size;
}

/**
 * Median wall time (ms) and peak RSS of `runs` `healmap check` runs on `workers` live workers (one
 * output each), after one warm-up run, and the modules it loads. `bin` picks another build (the
 * before/after comparison: HEALMAP_BENCH_BIN=/path/to/other/bin/healmap.js).
 */
export function benchOneShot(workers, runs = 5, bin = process.env.HEALMAP_BENCH_BIN ?? BIN) {
  const project = createProject(workers, 1);
  const rssFile = join(project.dir, 'rss');
  try {
    const once = () => {
      const started = process.hrtime.bigint();
      spawnSync(process.execPath, ['--require', REPORTER, bin, 'check'], { cwd: project.dir, stdio: 'ignore', env: { ...process.env, HEALMAP_BENCH_RSS_FILE: rssFile } });
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    once(); // warm-up: writes .healmap/map-cache.json
    rmSync(rssFile, { force: true });
    const times = Array.from({ length: runs }, once);
    const rss = median(readFileSync(rssFile, 'utf8').trim().split('\n').map(Number));
    const node = Array.from({ length: runs }, () => {
      const started = process.hrtime.bigint();
      spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
      return Number(process.hrtime.bigint() - started) / 1e6;
    });
    return { workers, medianMs: median(times), rss, modules: countModules(bin, project.dir), nodeMs: median(node) };
  } finally {
    project.cleanup();
  }
}
