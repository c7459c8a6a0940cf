// Soak: one worker under `healmap watch` (60 s cycle) killed again and again at varying gaps while
// `yes > /dev/null` runs on every core, to catch a retry that waits for the next interval cycle
// instead of its backoff timer. A script people run (`node bench/soak-restarts.mjs [kills]`), never CI.
// For each kill: how long until the pidfile names a new live pid, and when the daemon said the
// next attempt was due ("next attempt in 10s", logged with the wait); a kill is LATE when it came
// back more than 5 s after that. Exit status 1 when any kill was late or never came back.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { alive, createWorkers, readPid, sleep, startTool, until } from './supervisors.mjs';

const kills = Number(process.argv[2] ?? 24);
// Gaps (s) after the worker is back: below and above `min uptime` (5 s), around each backoff step.
const GAPS = [1, 4, 6, 2, 12, 3, 25, 1, 8, 35, 2, 65];
const LATE_MS = 5000;
const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds in a duration the daemon printed (`1m30s`, `10s`, `500ms`). */
function parseDuration(text) {
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) ms += Number(n) * UNITS[unit];
  return ms;
}

const project = createWorkers('soak', ['repeated']);
const hogs = Array.from({ length: availableParallelism() }, () => spawn('sh', ['-c', 'exec yes > /dev/null'], { stdio: 'ignore' }));
let tool = null;
const rows = [];
try {
  tool = await startTool('healmap', project);
  // The daemon's stdout is not kept by startTool: its history and state are read from its files.
  const history = () => {
    try {
      return readFileSync(join(project.dir, '.healmap/history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    } catch {
      return [];
    }
  };
  const state = () => {
    try {
      return JSON.parse(readFileSync(join(project.dir, '.healmap/state.json'), 'utf8')).components?.['worker:repeated'] ?? null;
    } catch {
      return null;
    }
  };
  await sleep(8000);
  for (let i = 0; i < kills; i++) {
    const old = readPid(tool.pidfile('repeated'));
    if (old === null || !alive(old)) {
      rows.push({ kill: i + 1, note: 'not back from the previous kill' });
      break;
    }
    const at = Date.now();
    process.kill(old, 'SIGKILL');
    // The retry the daemon owes: read from its state once it has seen the death.
    let dueAt = null;
    const backMs = await until(() => {
      const s = state();
      if (s && s.nextAttemptAt !== null && s.nextAttemptAt > at) dueAt = s.nextAttemptAt;
      const pid = readPid(tool.pidfile('repeated'));
      return pid !== null && pid !== old && alive(pid);
    }, 240_000);
    const backAt = backMs === null ? null : at + backMs;
    const owed = dueAt === null ? 0 : Math.max(0, dueAt - at);
    const late = backAt === null || backAt - Math.max(at, dueAt ?? at) > LATE_MS;
    const s = state();
    rows.push({ kill: i + 1, gapBeforeS: i === 0 ? null : GAPS[(i - 1) % GAPS.length], backS: backMs === null ? null : backMs / 1000, owedS: owed / 1000, attempts: s?.attempts ?? 0, escalated: s?.escalatedAt !== null && s?.escalatedAt !== undefined, late, load1: Number(loadavg()[0].toFixed(1)) });
    console.log(JSON.stringify(rows.at(-1)));
    if (backMs === null) break;
    await sleep(GAPS[i % GAPS.length] * 1000);
  }
  const late = rows.filter((r) => r.late);
  console.log(`\n${rows.length} kills under ${hogs.length} busy loops: ${late.length} late (back more than ${LATE_MS / 1000} s after the retry the daemon owed)`);
  if (late.length > 0) console.log(`history of the soak: ${JSON.stringify(history().filter((e) => e.target === 'worker:repeated' || e.component === 'worker:repeated').slice(-40))}`);
  process.exitCode = late.length > 0 ? 1 : 0;
} finally {
  for (const hog of hogs) hog.kill('SIGKILL');
  await tool?.stop();
  project.cleanup();
}
