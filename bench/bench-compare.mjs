// Time to detect and to recover, healmap beside monit on the same scenario and the same faults.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createScenario } from './scenario.mjs';

const BIN = new URL('../bin/healmap.js', import.meta.url).pathname;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function readPid(path) {
  try {
    const text = readFileSync(path, 'utf8').trim();
    return text.startsWith('{') ? JSON.parse(text).pid : Number(text);
  } catch {
    return null;
  }
}
function alive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) [ZXx] /.test(stat);
  } catch {
    return false;
  }
}
async function until(predicate, timeoutMs) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (predicate()) return Date.now() - start;
    await sleep(10);
  }
  return null;
}

/** A running tool on a scenario: how to find a worker's pid, and when it detected a component. */
function startHealmap(scenario) {
  const events = [];
  const child = spawn(process.execPath, [BIN, 'watch', '--interval', '60s', '--log-format', 'json'], { cwd: scenario.dir, stdio: ['ignore', 'pipe', 'inherit'] });
  let buffer = '';
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      if (line) events.push({ ...JSON.parse(line), seenAt: Date.now() });
    }
  });
  return {
    name: 'healmap',
    pidfile: (w) => join(scenario.dir, '.healmap/run', `${w}.pid`),
    ready: () => until(() => events.some((e) => e.event === 'cycle'), 60_000),
    detectedAt: (component, after) => events.find((e) => e.event === 'detected' && e.component === component && Date.parse(e.time) >= after)?.seenAt ?? null,
    mark: () => events.length,
    incidents: (mark) => events.slice(mark).filter((e) => e.event === 'detected').length,
    stop: async () => { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); spawnSync(process.execPath, [BIN, 'stop'], { cwd: scenario.dir }); },
  };
}

/** The monitrc equivalent to the scenario's map: process checks, depends on, file timestamp checks. */
export function monitrc(scenario, cycleSeconds) {
  const { dir, workers } = scenario;
  const rc = join(dir, 'monitrc');
  const lines = [`set daemon ${cycleSeconds}`, `set logfile ${dir}/monit.log`, `set pidfile ${dir}/monit.pid`, `set idfile ${dir}/monit.id`, `set statefile ${dir}/monit.state`, `set httpd unixsocket ${dir}/monit.sock`, ''];
  for (const w of workers) {
    lines.push(`check process ${w.name} with pidfile ${dir}/run/${w.name}.pid`,
      `  start program = "/bin/sh -c 'cd ${dir}; ${w.cmd} >/dev/null 2>&1 & echo $! > ${dir}/run/${w.name}.pid'"`,
      `  stop program = "/bin/sh -c 'kill $(cat ${dir}/run/${w.name}.pid)'"`);
    if (w.needsWorker) lines.push(`  depends on ${w.needsWorker}`);
    lines.push('');
    if (w.produces) {
      const stamp = `date +%s%3N >> ${dir}/detected-${w.produces.replace(/\W/g, '_')}`;
      lines.push(`check file ${w.produces.replace(/\W/g, '_')} with path ${dir}/${w.produces}`);
      if (w.sla) lines.push(`  if timestamp > ${w.sla} seconds then exec "/bin/sh -c '${stamp}; /usr/bin/monit -c ${rc} restart ${w.name}'"`);
      lines.push(`  if does not exist then exec "/bin/sh -c '${stamp}'"`, '');
    }
  }
  writeFileSync(rc, `${lines.join('\n')}\n`);
  chmodSync(rc, 0o600);
  return rc;
}

function startMonit(scenario, cycleSeconds) {
  const rc = monitrc(scenario, cycleSeconds);
  const child = spawn('monit', ['-c', rc, '-I'], { cwd: scenario.dir, stdio: 'ignore' });
  const stampFile = (component) => join(scenario.dir, `detected-${component.slice(component.indexOf(':') + 1).replace(/\W/g, '_')}`);
  return {
    name: `monit (cycle ${cycleSeconds}s)`,
    pidfile: (w) => join(scenario.dir, 'run', `${w}.pid`),
    ready: () => until(() => scenario.workers.every((w) => alive(readPid(join(scenario.dir, 'run', `${w.name}.pid`)))), 60_000),
    detectedAt: (component, after) => {
      if (!existsSync(stampFile(component))) return null;
      const stamps = readFileSync(stampFile(component), 'utf8').trim().split('\n').map(Number).filter((t) => t >= after);
      return stamps[0] ?? null;
    },
    mark: () => (existsSync(join(scenario.dir, 'monit.log')) ? readFileSync(join(scenario.dir, 'monit.log'), 'utf8').length : 0),
    // error lines about the chain only (files deleted in earlier trials keep logging every cycle)
    incidents: (mark) => readFileSync(join(scenario.dir, 'monit.log'), 'utf8').slice(mark).split('\n').filter((l) => /\berror\s*:/.test(l) && /'(up|mid|down|out_up_jsonl|out_mid_jsonl)'/.test(l)).length,
    stop: async () => {
      spawnSync('monit', ['-c', rc, 'quit']);
      child.kill('SIGTERM');
      await sleep(500);
      for (const w of scenario.workers) { const pid = readPid(join(scenario.dir, 'run', `${w.name}.pid`)); if (pid) try { process.kill(pid, 'SIGKILL'); } catch {} }
    },
  };
}

/** Restart latency after SIGKILL (or SIGSTOP): time until the worker's pidfile names a new live pid. */
async function restartTrial(tool, worker, signal, timeoutMs) {
  const path = tool.pidfile(worker);
  const old = readPid(path);
  const started = Date.now();
  process.kill(old, signal);
  const ms = await until(() => { const pid = readPid(path); return pid !== null && pid !== old && alive(pid); }, timeoutMs);
  if (signal === 'SIGSTOP') try { process.kill(old, 'SIGKILL'); } catch {}
  return ms;
}

/** Runs every fault on one tool; trials of one kind are spaced by `spacingMs`. */
export async function runFaults(tool, scenario, trials, spacingMs, timeoutMs) {
  const results = { kill: [], stop: [], staleAfterWrite: [], deleteDetect: [], deleteRecover: [], config: [], cascade: null };
  await tool.ready();
  await sleep(3000);
  const spaced = (fn) => Promise.all(Array.from({ length: trials }, async (_, i) => { await sleep(i * spacingMs); return fn(i); }));
  results.kill = await spaced((i) => restartTrial(tool, `kill${i}`, 'SIGKILL', timeoutMs));
  results.stop = await spaced((i) => restartTrial(tool, `stop${i}`, 'SIGSTOP', timeoutMs));
  // hung producers wrote once when they started: detection time measured from that last write
  for (let i = 0; i < trials; i++) {
    const file = join(scenario.dir, `out/hang${i}.jsonl`);
    const lastWrite = existsSync(file) ? Math.round(JSON.parse(readFileSync(file, 'utf8').split('\n')[0]).ts) : Date.now();
    const detected = await until(() => tool.detectedAt(`file:out/hang${i}.jsonl`, lastWrite) !== null, timeoutMs);
    results.staleAfterWrite.push(detected === null ? null : tool.detectedAt(`file:out/hang${i}.jsonl`, lastWrite) - lastWrite);
  }
  await spaced(async (i) => {
    const file = join(scenario.dir, `out/static${i}.jsonl`);
    const started = Date.now();
    rmSync(file);
    const detect = await until(() => tool.detectedAt(`file:out/static${i}.jsonl`, started) !== null, timeoutMs);
    results.deleteDetect.push(detect === null ? null : tool.detectedAt(`file:out/static${i}.jsonl`, started) - started);
    results.deleteRecover.push(await until(() => existsSync(file), 1000));
  });
  if (tool.name === 'healmap') {
    results.config = await spaced(async (i) => {
      const path = join(scenario.dir, `app${i}.json`);
      writeFileSync(path, '{ "ratio": 7, ');
      const started = Date.now();
      const ms = await until(() => { try { return JSON.parse(readFileSync(path, 'utf8')).ratio === 0.25; } catch { return false; } }, timeoutMs);
      return ms;
    });
  }
  // cascade: kill the head of the three-worker chain; who gets restarted, in what order, how many alerts
  const chain = ['up', 'mid', 'down'];
  const before = Object.fromEntries(chain.map((w) => [w, readPid(tool.pidfile(w))]));
  const mark = tool.mark();
  const started = Date.now();
  process.kill(before.up, 'SIGKILL');
  const restartedAt = {};
  await until(() => {
    for (const w of chain) if (!(w in restartedAt) && readPid(tool.pidfile(w)) !== before[w] && alive(readPid(tool.pidfile(w)))) restartedAt[w] = Date.now() - started;
    return false;
  }, Math.min(timeoutMs, Math.max(20_000, spacingMs * 2)));
  results.cascade = { restarted: Object.entries(restartedAt).sort((a, b) => a[1] - b[1]).map(([w, ms]) => `${w} (${(ms / 1000).toFixed(1)} s)`), alerts: tool.incidents(mark) };
  await tool.stop();
  return results;
}

/** One tool run end to end on a fresh scenario. */
export async function benchTool(kind, cycleSeconds, trials, spacingMs, timeoutMs) {
  const scenario = createScenario(kind === 'healmap' ? 'hm' : `mn${cycleSeconds}`, trials);
  const tool = kind === 'healmap' ? startHealmap(scenario) : startMonit(scenario, cycleSeconds);
  try {
    return { tool: tool.name, ...(await runFaults(tool, scenario, trials, spacingMs, timeoutMs)) };
  } finally {
    rmSync(scenario.dir, { recursive: true, force: true });
  }
}
