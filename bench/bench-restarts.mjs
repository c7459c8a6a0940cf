// Restart latency after SIGKILL, the same way for healmap, supervisord and monit: single kills of
// fresh workers, two independent workers killed together, and one worker killed four times.
import { alive, createWorkers, readPid, sleep, startTool, until } from './supervisors.mjs';

/** Kills the workers together; ms until every one's pidfile names a new live pid (null: timed out). */
async function killTogether(tool, names, timeoutMs) {
  const old = names.map((w) => readPid(tool.pidfile(w)));
  // A worker not back from an earlier kill cannot be timed again.
  if (old.some((pid) => pid === null || !alive(pid))) return null;
  for (const pid of old) process.kill(pid, 'SIGKILL');
  return until(() => names.every((w, i) => { const pid = readPid(tool.pidfile(w)); return pid !== null && pid !== old[i] && alive(pid); }), timeoutMs);
}

/**
 * One tool through every kill scenario on its own fresh workers. `trials` single kills and pair
 * kills (spaced 3 s apart), then the repeated worker: killed once, again 10 s after it is back
 * (so it has stayed up past healmap's 5 s `min uptime` and supervisord's 1 s `startsecs`), a 3rd
 * time 20 s after the 2nd, a 4th `fourthAfterMs` after the 3rd (within the 10 min failure window).
 */
export async function benchRestarts(kind, { trials = 3, fourthAfterMs = 60_000, timeoutMs = 120_000, cycleSeconds = 5 } = {}) {
  const singles = Array.from({ length: trials }, (_, i) => `single${i}`);
  const pairs = Array.from({ length: trials }, (_, i) => [`pair${i}a`, `pair${i}b`]);
  const project = createWorkers(`restart-${kind}`, [...singles, ...pairs.flat(), 'repeated']);
  const tool = await startTool(kind, project, cycleSeconds);
  const result = { tool: tool.name, single: [], together: [], repeated: [] };
  try {
    await sleep(10_000); // every worker up well past any start window before the first kill
    for (const w of singles) {
      result.single.push(await killTogether(tool, [w], timeoutMs));
      await sleep(3000);
    }
    for (const pair of pairs) {
      result.together.push(await killTogether(tool, pair, timeoutMs));
      await sleep(3000);
    }
    const kill = async () => { const at = Date.now(); result.repeated.push(await killTogether(tool, ['repeated'], timeoutMs)); return at; };
    await kill();
    await sleep(10_000);
    const second = await kill();
    await sleep(Math.max(0, second + 20_000 - Date.now()));
    const third = await kill();
    await sleep(Math.max(0, third + fourthAfterMs - Date.now()));
    await kill();
    return result;
  } finally {
    await tool.stop();
    project.cleanup();
  }
}
