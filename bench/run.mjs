// `npm run bench`: the whole benchmark, written to bench/results.md. A script people run, never CI.
// BENCH_QUICK=1 runs fewer sizes and trials (a smoke run).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { benchCheck, benchIdle } from './bench-check.mjs';
import { benchTool } from './bench-compare.mjs';
import { benchLint, benchLintFuzzWorst } from './bench-lint.mjs';
import { benchOneShot, benchOneShotDemo } from './bench-oneshot.mjs';
import { benchWriters } from './bench-writers.mjs';
import { benchFalseAlarms, benchLeak, benchWriter, replayIncidents } from './bench-predict.mjs';
import { benchRestarts } from './bench-restarts.mjs';
import { benchIdleTool } from './bench-idle-compare.mjs';
import { installDebian, versions } from './supervisors.mjs';

const quick = process.env.BENCH_QUICK === '1';
// BENCH_SECTIONS=lint,check,idle,oneshot,writers,faults,restarts,compare,predict runs some sections
// (written to results-partial.md); the full run takes about 40 minutes on 2 cores.
const sections = new Set((process.env.BENCH_SECTIONS ?? 'lint,check,idle,oneshot,writers,faults,restarts,compare,predict').split(','));
const partial = process.env.BENCH_SECTIONS !== undefined;
const out = [];
const say = (line = '') => { out.push(line); console.log(line); };
const median = (xs) => { const v = xs.filter((x) => x !== null).sort((a, b) => a - b); return v.length === 0 ? null : v[Math.floor(v.length / 2)]; };
const sec = (ms) => (ms === null || ms === undefined ? 'never (timed out)' : `${(ms / 1000).toFixed(2)} s`);
const mib = (b) => `${Math.round(b / 1024 ** 2)} MiB`;

say(`# healmap benchmark`);
say();
say(`Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${availableParallelism()} cores (${cpus()[0]?.model ?? 'cpu'}), ${mib(totalmem())} memory, Node ${process.version}, by \`npm run bench\`. Medians of repeated runs; the machine is shared, so read ratios more than absolute times.`);
say();

if (sections.has('lint')) {
say('## Map parse: whole-process `healmap lint`');
say();
say('| workers | form | map size | time (median of 3) | peak RSS |');
say('|---:|---|---:|---:|---:|');
const lint = [];
for (const form of ['table', 'heading']) {
  for (const workers of quick ? [100, 1000] : [100, 1000, 10000]) {
    const r = benchLint(workers, form, 3);
    lint.push(r);
    say(`| ${workers.toLocaleString('en-US')} | ${form} | ${Math.round(r.bytes / 1024).toLocaleString('en-US')} KiB | ${sec(r.ms)} | ${mib(r.rss)} |`);
  }
}
for (const form of ['table', 'heading']) {
  const a = lint.find((r) => r.form === form && r.workers === 1000);
  const b = lint.find((r) => r.form === form && r.workers === 10000);
  if (a && b) say(`\n10,000 / 1,000 workers time ratio, ${form} form: ${(b.ms / a.ms).toFixed(1)} (linear would be 10; fixed start-up cost keeps it lower).`);
}
{
  // The fuzz test's mutated maps (up to 50,000-character cells, 600-deep lists): the slowest one.
  const f = await benchLintFuzzWorst(quick ? 100 : 600, 42);
  say(`\nfuzz-worst: slowest of ${f.samples} mutated maps (seed ${f.seed}, in process, after import): ${sec(f.slowest.ms)} for sample ${f.slowest.index} (${Math.round(f.slowest.bytes / 1024)} KiB); all ${f.samples} took ${sec(f.totalMs)}.`);
}
say();

}
if (sections.has('check')) {
say('## Full check cycle (probe + diagnose), 10 output files per worker, every worker a live process');
say();
say('| workers | files | check time (median of 7) | peak RSS | time per component |');
say('|---:|---:|---:|---:|---:|');
for (const workers of quick ? [10, 100, 1000] : [10, 100, 1000, 10000]) {
  const r = benchCheck(workers);
  say(`| ${workers.toLocaleString('en-US')} | ${r.files.toLocaleString('en-US')} | ${r.medianMs.toFixed(0)} ms | ${mib(r.rss)} | ${((r.medianMs * 1000) / r.components).toFixed(1)} µs |`);
}
say();

}
if (sections.has('idle')) {
say('## The daemon idle');
say();
// Whole numbers of 60 s intervals, so the full cycles are inside the averages, as they are in life.
const idle = await benchIdle(1000, quick ? 10 : 120, quick ? 0 : 180);
say(`\`healmap watch\` (60 s cycle) on 1,000 live workers and 10,000 files (CPU of all threads: user + system, garbage collection included; RSS at the end of each window):`);
say();
say('| window | CPU (% of one core) | RSS |');
say('|---|---:|---:|');
say(`| its first minutes: from 20 s after its first cycle, over ${idle.seconds} s${quick ? '' : ' (two full cycles)'} | **${idle.cpuPercent.toFixed(2)} %** | ${mib(idle.rss)} |`);
if (idle.steady) say(`| steady state: from 260 s after its first cycle, over ${idle.steady.seconds} s (three full cycles) | **${idle.steady.cpuPercent.toFixed(2)} %** | ${mib(idle.steady.rss)} |`);
say();
say('Between cycles its 1 s liveness poll reads /proc for adopted workers (workers it started are its children: their stops arrive as SIGCHLD); data files are watched by folder and their deadlines are timers, not polls. In its first minutes V8 is still optimizing the cycle\'s code, which costs CPU on its compiler threads.');
say();

}
if (sections.has('oneshot')) {
say('## One-shot `healmap check` (whole process)');
say();
say(`Load average at the start of this section: ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (1 / 5 / 15 min). \`node -e 0\` is timed right after each check, and "above node" is the check's median minus node's: the part healmap controls.`);
say();
say('| map | wall (median of 5) | above `node -e 0` | peak RSS (median) | module files loaded | `node -e 0` |');
say('|---|---:|---:|---:|---:|---:|');
const oneShotRow = (label, r) => say(`| ${label} | ${(r.medianMs / 1000).toFixed(3)} s | ${((r.medianMs - r.nodeMs) / 1000).toFixed(3)} s | ${mib(r.rss)} | ${r.modules ?? 'n/a (no strace)'} | ${(r.nodeMs / 1000).toFixed(3)} s |`);
for (const workers of [4, 1000]) oneShotRow(`${workers.toLocaleString('en-US')} live workers, compiled map cached`, benchOneShot(workers));
oneShotRow('4 live workers, compiled map cached, with a state file', benchOneShot(4, 5, undefined, { state: true }));
oneShotRow('the demo map (nothing running), compiled map cached', benchOneShotDemo(true));
oneShotRow('the demo map, fresh checkout before each run (no `.healmap/`: parsed, cache written)', benchOneShotDemo(false));
say();
say('Module files are the `.js`/`.mjs`/`.cjs` files the process opens (strace): `npm run build` bundles each one-shot command into one CommonJS file, run from V8\'s code cache (dist/bundle/cli-NAME.cjs; the ES chunks for `watch` and for the map reader on a cache miss). Config-format parsers (yaml, smol-toml, ini, dotenv, jsonc-parser) and croner load only when a map needs them; the state file is checked by validators the build precompiled (no ajv); the process table is read from /proc.');
say();

}
if (sections.has('writers')) {
say('## The daemon idle while its workers write');
say();
const seconds = quick ? 20 : 60;
say(`\`healmap watch\` (60 s cycle) on N live workers, each with one declared output in one folder that gets a line a second (one writer process appends to all N files, the writes spread evenly over each second). CPU of all the daemon's threads (user + system) over ${seconds} s from 20 s after its first cycle; RSS at the end.`);
say();
say('| workers (writes a second) | CPU (% of one core) | RSS |');
say('|---:|---:|---:|');
for (const workers of [4, 200, 1000]) {
  const r = await benchWriters(workers, seconds);
  say(`| ${workers.toLocaleString('en-US')} | **${r.cpuPercent.toFixed(2)} %** | ${mib(r.rss)} |`);
}
say();
say('Each write is one inotify event on the data folder, matched by name and dropped when the file\'s deadline is armed (its timer reads the mtime when it fires); no folder is listed per write. A busy folder (ten events within a second) has its watch closed and rests: the folder is stat\'ed once a second and listed only when an entry appeared or vanished; its watch comes back after the rest (twice as long each time it is busy again at once, up to 60 s), so the writers cost about one stat a second per folder.');
say();

}
if (sections.has('faults')) {
const trials = quick ? 2 : 5;
// BENCH_TOOLS=healmap re-measures healmap alone (monit's figures do not depend on healmap's code).
const wanted = new Set((process.env.BENCH_TOOLS ?? 'healmap,monit').split(','));
if (wanted.has('monit') && !installDebian('monit', 'monit')) wanted.delete('monit');
say(`## Faults: time to detect and recover, healmap beside monit ${spawnSync('monit', ['-V']).stdout?.toString().match(/version ([\d.]+)/)?.[1] ?? ''}`);
say();
say(`Same scenario for each tool (generated monitrc: process checks with pidfiles and start programs, \`depends on\`, file \`timestamp\` and \`does not exist\` checks). healmap runs \`watch\` with its default 60 s cycle: everything below comes from its events. Each trial uses a fresh worker; medians of ${trials} trials (3 for monit's 120 s cycle). "Running again" is measured from outside: the pidfile names a new live pid (healmap's 2 s start verification comes after that).`);
say();
const healmap = await benchTool('healmap', 0, trials, 6000, 40_000);
const monit5 = wanted.has('monit') ? await benchTool('monit', 5, trials, 7000, 60_000) : null;
const monit120 = quick || !wanted.has('monit') ? null : await benchTool('monit', 120, 3, 45_000, 300_000);
const tools = [healmap, ...(monit5 ? [monit5] : []), ...(monit120 ? [monit120] : [])];
const row = (label, key) => {
  const values = tools.map((t) => (key === 'config' && t.tool !== 'healmap' ? 'cannot (no config checks)' : key === 'deleteRecover' && t.tool !== 'healmap' ? 'cannot (alerts only)' : sec(median(t[key]))));
  const h = median(healmap[key]);
  const ratios = tools.slice(1).map((t) => { const m = median(t[key]); return h && m ? `${(m / h).toFixed(1)}×` : '—'; });
  say(`| ${label} | ${values.join(' | ')} | ${ratios.join(' | ')} |`);
};
say(`| fault | ${tools.map((t) => t.tool).join(' | ')} | ${tools.slice(1).map((t) => `${t.tool} / healmap`).join(' | ')} |`);
say(`|---|${tools.map(() => '---:').join('|')}|${tools.slice(1).map(() => '---:').join('|')}|`);
row('SIGKILL: running again', 'kill');
row('SIGSTOP (frozen, output goes stale): running again', 'stop');
row('hung producer, 15 s SLA: flagged after its last write', 'staleAfterWrite');
row('deleted output: detected', 'deleteDetect');
row('deleted output: recreated', 'deleteRecover');
row('corrupted config: repaired', 'config');
say();
say('Repairs of independent components run side by side (their scopes are disjoint), so a repair whose event arrives while another worker\'s restart is being verified does not wait for it.');
say();
say('### Cascade: the head of a three-worker chain is SIGKILLed');
say();
say('| tool | restarted (time after the kill) | alerts / incidents raised |');
say('|---|---|---:|');
for (const t of tools) say(`| ${t.tool} | ${t.cascade.restarted.join(', ') || 'nothing'} | ${t.cascade.alerts} |`);
say();
say('healmap restarts only the dead producer: its consumers are alive and resume when its output flows again, and the diagnosis reports one root cause. monit, following `depends on`, stops and restarts every dependant as well, and logs an error per failing check.');
say();
say(`Raw trials (ms): ${JSON.stringify(tools)}`);
}
if (sections.has('restarts') || sections.has('compare')) {
  // BENCH_TOOLS picks the tools of these two sections (default all three); medians and ratios to healmap.
  const wanted = (process.env.BENCH_TOOLS ?? 'healmap,supervisord,monit').split(',').filter((t) => t === 'healmap' || installDebian(t === 'supervisord' ? 'supervisor' : 'monit', t));
  const v = versions();
  const label = (t) => (t.startsWith('supervisord') ? `supervisord ${v.supervisord}` : t.startsWith('monit') ? `monit ${v.monit} (5 s cycle)` : t);
  const table = (rows, results) => {
    const others = results.slice(1);
    say(`| figure | ${[...results.map((r) => label(r.tool)), ...others.map((r) => `${label(r.tool).split(' ')[0]} / healmap`)].join(' | ')} |`);
    say(`|---|${[...results, ...others].map(() => '---:').join('|')}|`);
    for (const [name, pick, show] of rows) {
      const h = pick(results[0]);
      const ratios = others.map((r) => { const x = pick(r); return h && x !== null && x !== undefined ? `${(x / h).toFixed(x / h < 10 ? 2 : 0)}×` : '—'; });
      say(`| ${name} | ${[...results.map((r) => show(pick(r))), ...ratios].join(' | ')} |`);
    }
  };
  if (sections.has('restarts')) {
    const trials = quick ? 1 : 3;
    const fourthAfterMs = quick ? 30_000 : 60_000;
    say('## Restarts after SIGKILL: healmap beside supervisord and monit');
    say();
    say(`Each tool starts and supervises its own \`sleep\` workers (healmap \`watch\` with its 60 s cycle, supervisord with \`autorestart\` and its default \`startsecs\` 1, monit on a 5 s cycle); every worker's pid is written to a pidfile, and "back" is read from outside the same way for all: the pidfile names a new live pid (healmap's start verification follows). Single kills and pair kills: medians of ${trials} fresh workers. The repeated worker is killed 4 times: the 2nd kill 10 s after it is back from the 1st (so it has stayed up past healmap's 5 s \`min uptime\`), the 3rd 20 s after the 2nd, the 4th ${fourthAfterMs / 1000} s after the 3rd (inside the 10 min failure window).`);
    say();
    const results = [];
    for (const t of wanted) results.push(await benchRestarts(t, { trials, fourthAfterMs }));
    table([
      ['one worker killed: back', (r) => median(r.single), sec],
      ['two independent workers killed together: both back', (r) => median(r.together), sec],
      ...[0, 1, 2, 3].map((i) => [`the repeated worker, kill ${i + 1}${i === 2 ? ' (20 s after the 2nd)' : i === 3 ? ` (${fourthAfterMs / 1000} s after the 3rd)` : ''}: back`, (r) => r.repeated[i] ?? null, sec]),
    ], results);
    say();
    say(`Raw trials (ms): ${JSON.stringify(results)}`);
    say();
  }
  if (sections.has('compare')) {
    const seconds = quick ? 10 : 60;
    say('## Idle cost and one-shot status: healmap beside supervisord and monit');
    say();
    say(`The same N \`sleep\` workers under each tool, each with one declared output (healmap: \`Produces … every 1h\`; monit: a \`timestamp > 3600 seconds\` file check; supervisord has no file checks) that one writer process appends a line a second to. Daemon CPU (all threads, user + system) over ${seconds} s from 20 s after every worker is up; RSS at the end; one-shot status: \`healmap check\`, \`supervisorctl status\`, \`monit summary\` at 4 workers, median of 5 after a warm-up run.`);
    say();
    const results = [];
    for (const t of wanted) {
      const four = await benchIdleTool(t, 4, seconds, { oneShot: true });
      const many = await benchIdleTool(t, 200, seconds);
      results.push({ tool: four.tool, cpu4: four.cpuPercent, cpu200: many.cpuPercent, rss4: four.rss, rss200: many.rss, oneShotMs: four.oneShotMs });
    }
    const pct = (x) => `${x.toFixed(2)} %`;
    table([
      ['daemon CPU, 4 workers writing', (r) => r.cpu4, pct],
      ['daemon CPU, 200 workers writing', (r) => r.cpu200, pct],
      ['daemon RSS, 4 workers', (r) => r.rss4, mib],
      ['daemon RSS, 200 workers', (r) => r.rss200, mib],
      ['one-shot status, 4 workers (wall)', (r) => r.oneShotMs, (ms) => (ms === null ? '—' : sec(ms))],
    ], results);
    say();
  }
}
if (sections.has('predict')) {
say('## Predictive healing and learning');
say();
say('Heal cycles on real workers, sharing one sample memory as `healmap watch` does, at an accelerated check interval (250 ms for the lead times, 100 ms for the false-alarm run) instead of the default 60 s: the forecasts count samples, not seconds.');
say();
const leak = await benchLeak(250);
const leadLeak = leak.warnedAt !== null && leak.breachAt !== null ? leak.breachAt - leak.warnedAt : null;
say(`- **Leaking worker** (2 MiB every 250 ms, \`max memory: 160 MiB\`, restart not allowed so the breach is observed): ${leadLeak === null ? 'no warning before the breach' : `warned ${sec(leadLeak)} before RSS crossed 160 MiB = ${(leadLeak / leak.intervalMs).toFixed(0)} sampling intervals ahead (forecast ETA was ${sec(leak.forecastAt - leak.warnedAt)})`}.`);
const writer = await benchWriter(250);
const leadWriter = writer.warnedAt !== null && writer.breachAt !== null ? writer.breachAt - writer.warnedAt : null;
say(`- **Slowing writer** (first interval 0.5 s, each 0.2 s longer, SLA 5 s): ${leadWriter === null ? 'no warning before the file went stale' : `warned ${sec(leadWriter)} before the file was seen stale = ${(leadWriter / writer.intervalAtWarning).toFixed(1)} write intervals ahead (interval at the warning: ${sec(writer.intervalAtWarning)})`}.`);
const alarms = await benchFalseAlarms(quick ? 300 : 1200, 100);
say(`- **False alarms**: three healthy workers (flat memory after a start-up allocation, idle, steady writer), each with \`max memory\` and \`restart before breach: yes\`, over ${alarms.cycles} checks (${alarms.seconds.toFixed(0)} s): ${alarms.predictions} predicted breaches, ${alarms.restarts} planned restarts.`);
say();
const without = replayIncidents(60, false);
const withLearning = replayIncidents(60, true);
say('**Replay of a mixed incident history** (60 incidents of three kinds, each fixed by one rung only: a bad config pushed (rollback), an OOM kill (restart), a worker stuck on a dead upstream (ladder step 2: restart with the dependents declared `part of` it); deterministic mix; action costs 2 s / 5 s / 3 s and the 10 s, 30 s, 60 s backoff; the trail each policy writes is the one it learns from):');
say();
say('| policy | futile actions per incident | mean time to recover | median |');
say('|---|---:|---:|---:|');
say(`| default ladder | ${without.futilePerIncident.toFixed(2)} | ${without.meanRecoverS.toFixed(1)} s | ${without.medianRecoverS.toFixed(1)} s |`);
say(`| learning (after 5 cases, exploring every 5th) | ${withLearning.futilePerIncident.toFixed(2)} | ${withLearning.meanRecoverS.toFixed(1)} s | ${withLearning.medianRecoverS.toFixed(1)} s |`);
say();
}
writeFileSync(new URL(partial ? './results-partial.md' : './results.md', import.meta.url), `${out.join('\n')}\n`);
if (!partial) await import('./readme-numbers.mjs');
