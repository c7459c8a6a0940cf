// Idle cost of the three supervisors on the same workers, each with one declared output that gets
// a line a second, and their one-shot status command.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cpuTicks, rssOf } from './bench-writers.mjs';
import { createWorkers, sleep, startTool } from './supervisors.mjs';

const APPEND = new URL('./workers/append-lines.mjs', import.meta.url).pathname;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `kind` supervising `workers` workers while one writer appends a line a second to each output:
 * the daemon's CPU (all threads, user + system, % of one core) over `seconds` after a 20 s settle,
 * its RSS at the end, and (when `oneShot`) the median wall time of 5 runs of its status command.
 */
export async function benchIdleTool(kind, workers, seconds, { oneShot = false, cycleSeconds = 5 } = {}) {
  const project = createWorkers(`idle-${kind}`, Array.from({ length: workers }, (_, i) => `w${i}`), { outputs: true });
  const writer = spawn(process.execPath, [APPEND, ...project.workers.map((w) => join(project.dir, w.produces))], { stdio: 'ignore' });
  let tool = null;
  try {
    tool = await startTool(kind, project, cycleSeconds);
    await sleep(20_000);
    const before = cpuTicks(tool.pid);
    await sleep(seconds * 1000);
    const result = { tool: tool.name, workers, seconds, cpuPercent: ((cpuTicks(tool.pid) - before) / 100 / seconds) * 100, rss: rssOf(tool.pid), oneShotMs: null };
    if (oneShot) {
      const [command, args] = tool.oneShot;
      const times = Array.from({ length: 6 }, () => {
        const started = process.hrtime.bigint();
        spawnSync(command, args, { cwd: project.dir, stdio: 'ignore' });
        return Number(process.hrtime.bigint() - started) / 1e6;
      });
      result.oneShotMs = median(times.slice(1)); // the first run warms caches (healmap's compiled map)
    }
    return result;
  } finally {
    writer.kill('SIGKILL');
    await tool?.stop();
    project.cleanup();
  }
}
