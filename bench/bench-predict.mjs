// Predictive healing and learning, measured: forecast lead time (a leaking worker, a slowing
// writer), false alarms over a long accelerated run of healthy workers, and a replay of a mixed
// incident history with and without learning. Uses the built library (dist/), the same code path
// as `healmap watch` (one sample memory shared by successive heal cycles).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runHealCycle } from '../dist/agent/heal-cycle.js';
import { SampleWindow } from '../dist/history/sample-window.js';
import { loadMap } from '../dist/map/load-map.js';
import { scoreFixes } from '../dist/history/score-fixes.js';
import { DEFAULT_LADDER, orderLadder } from '../dist/plan/order-ladder.js';
import { fingerprintIncident } from '../dist/history/incident-fingerprint.js';

const WORKERS = new URL('../test/fixtures/workers/', import.meta.url).pathname;
const BIN = new URL('../bin/healmap.js', import.meta.url).pathname;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function withProject(map, body) {
  const dir = mkdtempSync(join(tmpdir(), 'healmap-bench-predict-'));
  writeFileSync(join(dir, 'ARCHITECTURE_MAP.md'), map);
  try {
    return await body(dir, await loadMap(join(dir, 'ARCHITECTURE_MAP.md')));
  } finally {
    spawnSync(process.execPath, [BIN, 'stop'], { cwd: dir });
    rmSync(dir, { recursive: true, force: true });
  }
}

const SETTINGS = '## Settings\n- start within: 1s\n- stop grace: 1s\n';

/** A leaking worker (no restart allowed): first warning vs the first check that sees RSS over max memory. */
export async function benchLeak(everyMs = 250) {
  const map = `## Workers\n### leaky\n- command: node ${WORKERS}leak.mjs 2 ${everyMs} 0 bench\n- max memory: 160 MiB\n${SETTINGS}`;
  return withProject(map, async (dir, loaded) => {
    const samples = new SampleWindow();
    let warnedAt = null;
    let warnedEta = null;
    for (let i = 0; i < 2000; i++) {
      const r = await runHealCycle(loaded, { samples });
      const now = Date.now();
      const p = r.predictions.find((x) => x.code === 'predicted-memory-breach');
      if (p && warnedAt === null) { warnedAt = now; warnedEta = p.breachAt; }
      const rss = r.before.components.find((c) => c.id === 'worker:leaky')?.facts.memoryBytes;
      if (typeof rss === 'number' && rss >= 160 * 1024 * 1024) return { warnedAt, breachAt: now, forecastAt: warnedEta, intervalMs: everyMs };
      await sleep(everyMs);
    }
    return { warnedAt, breachAt: null, forecastAt: warnedEta, intervalMs: everyMs };
  });
}

/** A slowing writer: first warning vs the first check that sees the file stale, in write intervals. */
export async function benchWriter(checkMs = 250) {
  const map = `## Workers\n### slow\n- command: node ${WORKERS}slowing-writer.mjs out/s.jsonl 500 200 bench\n- produces: out/s.jsonl every 5s\n${SETTINGS}`;
  return withProject(map, async (dir, loaded) => {
    const samples = new SampleWindow();
    let warnedAt = null;
    let intervalAtWarning = null;
    for (let i = 0; i < 2000; i++) {
      const r = await runHealCycle(loaded, { samples, dryRun: true });
      const now = Date.now();
      const p = r.predictions.find((x) => x.code === 'predicted-file-stale');
      if (p && warnedAt === null) {
        warnedAt = now;
        const series = samples.get('interval:file:out/s.jsonl');
        intervalAtWarning = series.at(-1)?.v ?? null;
      }
      if (i === 0) await runHealCycle(loaded, {}); // starts the writer
      const file = r.before.components.find((c) => c.id === 'file:out/s.jsonl');
      if (file?.problems.some((x) => x.code === 'file-stale' || x.code === 'process-hung')) return { warnedAt, breachAt: now, intervalAtWarning };
      if (r.before.components.find((c) => c.id === 'worker:slow')?.problems.some((x) => x.code === 'process-hung')) return { warnedAt, breachAt: now, intervalAtWarning };
      await sleep(checkMs);
    }
    return { warnedAt, breachAt: null, intervalAtWarning };
  });
}

/** Healthy workers over many accelerated cycles: predictions and planned restarts counted. */
export async function benchFalseAlarms(cycles = 1200, everyMs = 100) {
  const map = `## Workers
### flat
- command: node ${WORKERS}leak.mjs 8 100 40 bench
- max memory: 200 MiB
- restart before breach: yes
### idle
- command: node ${WORKERS}forever.mjs idle bench
- max memory: 100 MiB
- restart before breach: yes
### writer
- command: node ${WORKERS}write-every.mjs out/w.jsonl 400 bench
- produces: out/w.jsonl every 5s
- max memory: 150 MiB
- restart before breach: yes
${SETTINGS}`;
  return withProject(map, async (dir, loaded) => {
    const samples = new SampleWindow();
    let predictions = 0;
    let restarts = 0;
    const started = Date.now();
    for (let i = 0; i < cycles; i++) {
      const r = await runHealCycle(loaded, { samples });
      predictions += r.predictions.length;
      if (i > 0) restarts += r.executed.filter((e) => e.action.kind === 'restart-worker' || e.action.kind === 'restart-with-dependents').length;
      await sleep(everyMs);
    }
    return { cycles, predictions, restarts, seconds: (Date.now() - started) / 1000 };
  });
}

// --- Replay: a mixed incident history, healed with and without learning -------------------------

// Three kinds of fault, each fixed by one rung only (what a real system's history looks like when
// the same causes keep coming back). Costs: how long each action takes, and the ladder's backoff.
const KINDS = [
  { name: 'bad config pushed', facts: { problems: ['process-dead'], exit: { code: 1, signal: null }, configChanged: true }, fixedBy: 'rollback', configChangedJustBefore: false },
  { name: 'OOM-killed', facts: { problems: ['process-dead'], exit: { code: null, signal: 'SIGKILL' } }, fixedBy: 'restart' },
  { name: 'stuck on a dead upstream connection', facts: { problems: ['process-hung'] }, fixedBy: 'restart-with-dependents' },
];
const ACTION_MS = { restart: 2000, 'restart-with-dependents': 5000, rollback: 3000 };
const ACTION = { restart: 'restart-worker', 'restart-with-dependents': 'restart-with-dependents', rollback: 'rollback-configs' };
const BACKOFF_MS = [10_000, 30_000, 60_000];

/** Replays `count` incidents (deterministic mix) through a policy; returns futile actions and recovery times. */
export function replayIncidents(count, learn) {
  const trail = [];
  let clock = Date.parse('2026-11-01T00:00:00Z');
  let seed = 7;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  let futile = 0;
  const recover = [];
  const detectCostMs = 1000;
  for (let n = 0; n < count; n++) {
    const kind = KINDS[Math.floor(random() * KINDS.length)];
    const fingerprint = fingerprintIncident({ ...kind.facts, dependencies: ['ok'] });
    const detected = clock;
    const order = learn ? orderLadder({ rungs: DEFAULT_LADDER, scores: scoreFixes(trail, { now: clock, before: detected })[fingerprint] }).order : [...DEFAULT_LADDER];
    let t = detected + detectCostMs;
    for (let attempt = 0; attempt < order.length; attempt++) {
      const rung = order[attempt];
      const fixed = rung === kind.fixedBy;
      trail.push({ time: new Date(t).toISOString(), component: 'worker:app', problem: kind.facts.problems[0], rootCause: 'worker:app', action: ACTION[rung], attempt: attempt + 1, result: fixed ? 'succeeded' : 'failed', durationMs: ACTION_MS[rung], reason: '', stateBefore: 'critical', stateAfter: fixed ? 'repaired' : 'critical', detectedAt: new Date(detected).toISOString(), fingerprint });
      t += ACTION_MS[rung];
      if (fixed) break;
      futile++;
      t += BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
    }
    recover.push(t - detected);
    clock = t + 3_600_000 * (1 + random() * 5);
  }
  recover.sort((a, b) => a - b);
  return { incidents: count, futilePerIncident: futile / count, meanRecoverS: recover.reduce((a, b) => a + b, 0) / count / 1000, medianRecoverS: recover[Math.floor(count / 2)] / 1000 };
}
