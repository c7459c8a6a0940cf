// Full check-cycle time and peak memory by map size, and the daemon's idle CPU and RSS.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject } from './project.mjs';

const BIN = new URL('../bin/healmap.js', import.meta.url).pathname;
const CYCLE = new URL('./check-cycle.mjs', import.meta.url).pathname;

/** Median check-cycle time and peak RSS of a fresh process, for `workers` workers with 10 files each. */
export function benchCheck(workers, filesPerWorker = 10) {
  const project = createProject(workers, filesPerWorker);
  try {
    const result = spawnSync(process.execPath, [CYCLE, join(project.dir, 'ARCHITECTURE_MAP.md')], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (result.status !== 0) throw new Error(result.stderr);
    return { workers, files: workers * filesPerWorker, ...JSON.parse(result.stdout) };
  } finally {
    project.cleanup();
  }
}

function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** The daemon's CPU share and RSS while idle (after its first cycle) on a map of `workers` workers. */
export async function benchIdle(workers, seconds = 30, steadySeconds = 0) {
  const project = createProject(workers, 10);
  const daemon = spawn(process.execPath, [BIN, 'watch', '--interval', '60s', '--log-format', 'json'], { cwd: project.dir, stdio: ['ignore', 'pipe', 'inherit'] });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${daemon.pid}/status`, 'utf8'))?.[1]) * 1024;
  // CPU of every thread of the daemon (user + system) over a window, as % of one core.
  const window = async (s) => {
    const before = cpuTicks(daemon.pid);
    await sleep(s * 1000);
    return { seconds: s, cpuPercent: ((cpuTicks(daemon.pid) - before) / 100 / s) * 100, rss: rss() };
  };
  try {
    await new Promise((resolve, reject) => {
      let buffer = '';
      // idle means after start-up work: the first cycle and the watcher's initial scan
      daemon.stdout.on('data', (chunk) => { buffer += chunk; if (buffer.includes('"event":"cycle"') && buffer.includes('"event":"watching"')) resolve(); });
      daemon.once('exit', () => reject(new Error('daemon exited')));
    });
    // settle: V8's memory reducer runs a few full collections some seconds after the first cycle
    await sleep(20_000);
    const first = await window(seconds);
    // Steady state: V8 is still optimizing the cycle's code over its first few cycles; a daemon
    // that runs for months spends its life after that.
    let steady = null;
    if (steadySeconds > 0) {
      await sleep(120_000);
      steady = await window(steadySeconds);
    }
    return { workers, files: workers * 10, ...first, steady };
  } finally {
    daemon.kill('SIGTERM');
    await new Promise((r) => daemon.once('exit', r));
    project.cleanup();
  }
}
