// The daemon's idle CPU and RSS while its workers write: every declared output gets a line a second.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject } from './project.mjs';

const BIN = new URL('../bin/healmap.js', import.meta.url).pathname;
const APPEND = new URL('./workers/append-lines.mjs', import.meta.url).pathname;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** CPU ticks (user + system, all threads) of a pid. */
export function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Resident memory of a pid, in bytes. */
export function rssOf(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;
}

/**
 * `healmap watch` (60 s cycle) on `workers` live workers, each with one declared output in one
 * folder that gets a line a second; CPU share (% of one core) over `seconds` after a 20 s settle,
 * and RSS at the end.
 */
export async function benchWriters(workers, seconds = 60) {
  const project = createProject(workers, 1);
  const files = Array.from({ length: workers }, (_, i) => join(project.dir, `out/w${i}-0.jsonl`));
  const writer = spawn(process.execPath, [APPEND, ...files], { stdio: 'ignore' });
  const daemon = spawn(process.execPath, [BIN, 'watch', '--interval', '60s', '--log-format', 'json'], { cwd: project.dir, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise((resolve, reject) => {
      let buffer = '';
      daemon.stdout.on('data', (chunk) => { buffer += chunk; if (buffer.includes('"event":"cycle"') && buffer.includes('"event":"watching"')) resolve(); });
      daemon.once('exit', () => reject(new Error('daemon exited')));
    });
    await sleep(20_000);
    const before = cpuTicks(daemon.pid);
    await sleep(seconds * 1000);
    return { workers, seconds, cpuPercent: ((cpuTicks(daemon.pid) - before) / 100 / seconds) * 100, rss: rssOf(daemon.pid) };
  } finally {
    writer.kill('SIGKILL');
    daemon.kill('SIGTERM');
    await new Promise((r) => daemon.once('exit', r));
    project.cleanup();
  }
}
