// Builds a benchmark project: N real `sleep` workers adopted through healmap pidfiles, each with
// `filesPerWorker` fresh output files with an SLA, described by a generated map.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Creates the project and starts its workers; `cleanup()` kills them and removes the folder. */
export function createProject(workers, filesPerWorker) {
  const dir = mkdtempSync(join(tmpdir(), 'healmap-bench-'));
  mkdirSync(join(dir, '.healmap/run'), { recursive: true });
  mkdirSync(join(dir, 'out'), { recursive: true });
  const rows = ['## Workers', '', '| Worker | Command | Produces |', '|---|---|---|'];
  const pids = [];
  for (let i = 0; i < workers; i++) {
    const files = Array.from({ length: filesPerWorker }, (_, f) => `out/w${i}-${f}.jsonl`);
    for (const file of files) writeFileSync(join(dir, file), '{}\n');
    rows.push(`| w${i} | \`sleep 86400\` | ${files.map((f) => `${f} every 1h`).join(', ')} |`);
    const child = spawn('sleep', ['86400'], { detached: true, stdio: 'ignore' });
    child.unref();
    pids.push(child.pid);
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    writeFileSync(join(dir, `.healmap/run/w${i}.pid`), JSON.stringify({ pid: child.pid, startTicks, command: 'sleep 86400' }));
  }
  writeFileSync(join(dir, 'ARCHITECTURE_MAP.md'), `${rows.join('\n')}\n\n## Settings\n- min free disk: 1 MB\n`);
  return {
    dir,
    cleanup() {
      for (const pid of pids) { try { process.kill(pid, 'SIGKILL'); } catch {} }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
