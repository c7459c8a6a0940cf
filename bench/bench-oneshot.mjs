// Whole-process `healmap check` wall time, peak RSS and modules loaded on live workers, with the
// compiled map cache warm.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  const r = spawnSync('strace', ['-f', '-e', 'trace=openat', process.execPath, bin, 'check'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error || r.stderr === undefined) return null;
  const opened = new Set();
  for (const line of r.stderr.split('\n')) {
    const m = /openat\([^"]*"([^"]+\.[mc]?js)"/.exec(line);
    if (m && !line.includes('ENOENT')) opened.add(m[1]);
  }
  return opened.size;
}

// Wall time (ms) of one process run to its end.
function timeRun(args, options) {
  const started = process.hrtime.bigint();
  spawnSync(process.execPath, args, { stdio: 'ignore', ...options });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

// `runs` checks in `dir`, each followed by a bare `node -e 0` (the same moments of a shared
// machine's load): medians of both and of the peak RSS, after one warm-up run.
// With `fresh`, .healmap/ is removed before each run: a fresh checkout, where check parses the
// map and writes the compiled map.
function benchCheckIn(dir, runs, bin, fresh = false) {
  const rssFile = join(dir, '.bench-rss');
  const env = { ...process.env, HEALMAP_BENCH_RSS_FILE: rssFile };
  const once = () => {
    if (fresh) rmSync(join(dir, '.healmap'), { recursive: true, force: true });
    return timeRun(['--require', REPORTER, bin, 'check'], { cwd: dir, env });
  };
  once(); // warm-up: writes .healmap/map-cache.json
  rmSync(rssFile, { force: true });
  const times = [];
  const node = [];
  for (let i = 0; i < runs; i++) {
    times.push(once());
    node.push(timeRun(['-e', '0']));
  }
  const rss = median(readFileSync(rssFile, 'utf8').trim().split('\n').map(Number));
  rmSync(rssFile, { force: true });
  if (fresh) rmSync(join(dir, '.healmap'), { recursive: true, force: true }); // modules of a fresh run too
  return { medianMs: median(times), rss, modules: countModules(bin, dir), nodeMs: median(node) };
}

/**
 * Median wall time (ms) and peak RSS of `runs` `healmap check` runs on `workers` live workers (one
 * output each), after one warm-up run, the modules it loads and a bare `node -e 0` timed between
 * them. `bin` picks another build (the before/after comparison:
 * HEALMAP_BENCH_BIN=/path/to/other/bin/healmap.js).
 */
export function benchOneShot(workers, runs = 5, bin = process.env.HEALMAP_BENCH_BIN ?? BIN, { state = false } = {}) {
  const project = createProject(workers, 1);
  try {
    // As a project the daemon or heal has run in: check then reads and validates the agent state.
    if (state) writeFileSync(join(project.dir, '.healmap/state.json'), '{"version":1,"components":{}}\n');
    return { workers, ...benchCheckIn(project.dir, runs, bin) };
  } finally {
    project.cleanup();
  }
}

/**
 * The same on the repository's own demo map (nothing started: its workers are looked for by
 * command line), in a copy: `cached` (the compiled map kept in `.healmap/`), or as a fresh
 * checkout before each run (no `.healmap/`: check parses the Markdown and writes the cache).
 */
export function benchOneShotDemo(cached, runs = 5, bin = process.env.HEALMAP_BENCH_BIN ?? BIN) {
  const repo = new URL('..', import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), 'healmap-bench-demo-'));
  try {
    cpSync(join(repo, 'ARCHITECTURE_MAP.md'), join(dir, 'ARCHITECTURE_MAP.md'));
    cpSync(join(repo, 'fixtures/demo'), join(dir, 'fixtures/demo'), { recursive: true });
    return benchCheckIn(dir, runs, bin, !cached);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
