// Whole-process `healmap check` wall time on live workers, with the compiled map cache warm.
import { spawnSync } from 'node:child_process';
import { createProject } from './project.mjs';

const BIN = new URL('../bin/healmap.js', import.meta.url).pathname;

/** Median wall time (ms) of `runs` `healmap check` runs on `workers` live workers (one output each), after one warm-up run. */
export function benchOneShot(workers, runs = 5) {
  const project = createProject(workers, 1);
  try {
    const once = () => {
      const started = process.hrtime.bigint();
      spawnSync(process.execPath, [BIN, 'check'], { cwd: project.dir, stdio: 'ignore' });
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    once(); // warm-up: writes .healmap/map-cache.json
    const times = Array.from({ length: runs }, once).sort((a, b) => a - b);
    const node = Array.from({ length: runs }, () => {
      const started = process.hrtime.bigint();
      spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
      return Number(process.hrtime.bigint() - started) / 1e6;
    }).sort((a, b) => a - b);
    return { workers, medianMs: times[Math.floor(runs / 2)], nodeMs: node[Math.floor(runs / 2)] };
  } finally {
    project.cleanup();
  }
}
