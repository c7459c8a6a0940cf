// The three supervisors driven the same way on the same workers: healmap (`watch`), supervisord
// and monit. Each writes the pid of every worker it starts to a pidfile, so "running again" is
// read from outside the same way for all three: the pidfile names a new live pid.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitrc } from './bench-compare.mjs';

const BIN = new URL('../bin/healmap.js', import.meta.url).pathname;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Installs a Debian package when `binary` is missing (apt-get, as root); false when it cannot. */
export function installDebian(pkg, binary) {
  const present = () => spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;
  if (present()) return true;
  console.error(`${binary} is missing: installing Debian's ${pkg} (apt-get install ${pkg}) for the comparison`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { stdio: 'inherit', env }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    install();
  }
  if (present()) return true;
  console.error(`${pkg} could not be installed: its comparison columns are left out`);
  return false;
}

/** supervisord's and monit's versions, for the headings. */
export function versions() {
  const supervisord = spawnSync('supervisord', ['-v'], { encoding: 'utf8' }).stdout?.trim() ?? '';
  const monit = spawnSync('monit', ['-V'], { encoding: 'utf8' }).stdout?.match(/version ([\d.]+)/)?.[1] ?? '';
  return { supervisord, monit };
}

/** The pid a pidfile names (plain or healmap's JSON), or null. */
export function readPid(path) {
  try {
    const text = readFileSync(path, 'utf8').trim();
    return text.startsWith('{') ? JSON.parse(text).pid : Number(text) || null;
  } catch {
    return null;
  }
}

/** Whether a pid is a live, non-zombie process. */
export function alive(pid) {
  try {
    return !/\) [ZXx] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Polls `predicate` every 10 ms; ms until it held, or null after `timeoutMs`. */
export async function until(predicate, timeoutMs) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (predicate()) return Date.now() - start;
    await sleep(10);
  }
  return null;
}

/**
 * A folder of `names.length` workers (each `sleep` with a distinct length, so no two share a
 * command line), optionally each with one declared output `out/NAME.jsonl` (SLA 1 h).
 */
export function createWorkers(tag, names, { outputs = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), `healmap-${tag}-`));
  mkdirSync(join(dir, 'run'), { recursive: true });
  mkdirSync(join(dir, 'out'), { recursive: true });
  const workers = names.map((name, i) => ({ name, cmd: `sleep ${8_640_000 + i}`, ...(outputs ? { produces: `out/${name}.jsonl`, sla: 3600 } : {}) }));
  for (const w of workers) if (w.produces) writeFileSync(join(dir, w.produces), '{}\n');
  return { dir, workers, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** healmap watch (60 s cycle) starting and supervising the workers itself. */
function startHealmap(project) {
  const rows = project.workers.map((w) => `| ${w.name} | \`${w.cmd}\` | ${w.produces ? `${w.produces} every 1h` : '—'} |`);
  writeFileSync(join(project.dir, 'ARCHITECTURE_MAP.md'), `## Workers\n| Worker | Command | Produces |\n|---|---|---|\n${rows.join('\n')}\n\n## Settings\n- min free disk: 1 MB\n`);
  const child = spawn(process.execPath, [BIN, 'watch', '--interval', '60s', '--log-format', 'json'], { cwd: project.dir, stdio: ['ignore', 'ignore', 'inherit'] });
  return {
    name: 'healmap',
    pid: child.pid,
    pidfile: (w) => join(project.dir, '.healmap/run', `${w}.pid`),
    oneShot: [process.execPath, [BIN, 'check']],
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r()));
      spawnSync(process.execPath, [BIN, 'stop'], { cwd: project.dir, stdio: 'ignore' });
    },
  };
}

/** supervisord in the foreground, one `[program:x]` per worker (autorestart, its default startsecs 1). */
function startSupervisord(project) {
  const { dir } = project;
  const conf = join(dir, 'supervisord.conf');
  const lines = ['[unix_http_server]', `file=${dir}/supervisor.sock`, '', '[supervisord]', `logfile=${dir}/supervisord.log`, `pidfile=${dir}/supervisord.pid`, 'nodaemon=true', `childlogdir=${dir}`, '',
    '[rpcinterface:supervisor]', 'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface', '', '[supervisorctl]', `serverurl=unix://${dir}/supervisor.sock`, ''];
  for (const w of project.workers) {
    lines.push(`[program:${w.name}]`, `command=/bin/sh -c 'echo $$ > ${dir}/run/${w.name}.pid; exec ${w.cmd}'`, `directory=${dir}`, 'autorestart=true', 'stdout_logfile=NONE', 'stderr_logfile=NONE', '');
  }
  writeFileSync(conf, `${lines.join('\n')}\n`);
  const child = spawn('supervisord', ['-n', '-c', conf], { cwd: dir, stdio: 'ignore' });
  return {
    name: 'supervisord',
    pid: child.pid,
    pidfile: (w) => join(dir, 'run', `${w}.pid`),
    oneShot: ['supervisorctl', ['-c', conf, 'status']],
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r()));
    },
  };
}

/** monit in the foreground on a `cycleSeconds` cycle: process checks with pidfiles, file timestamp checks. */
function startMonit(project, cycleSeconds) {
  const rc = monitrc(project, cycleSeconds);
  const child = spawn('monit', ['-c', rc, '-I'], { cwd: project.dir, stdio: 'ignore' });
  return {
    name: `monit (${cycleSeconds} s)`,
    pid: child.pid,
    pidfile: (w) => join(project.dir, 'run', `${w}.pid`),
    oneShot: ['monit', ['-c', rc, 'summary']],
    stop: async () => {
      spawnSync('monit', ['-c', rc, 'quit'], { stdio: 'ignore' });
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r()));
      for (const w of project.workers) {
        const pid = readPid(join(project.dir, 'run', `${w.name}.pid`));
        if (pid) try { process.kill(pid, 'SIGKILL'); } catch {}
      }
    },
  };
}

/**
 * Starts `kind` ('healmap', 'supervisord' or 'monit') on the project and waits until every
 * worker's pidfile names a live pid; its `stop()` also stops the workers it started.
 */
export async function startTool(kind, project, cycleSeconds = 5) {
  const tool = kind === 'healmap' ? startHealmap(project) : kind === 'supervisord' ? startSupervisord(project) : startMonit(project, cycleSeconds);
  const ready = await until(() => project.workers.every((w) => alive(readPid(tool.pidfile(w.name)))), 120_000);
  if (ready === null) {
    await tool.stop();
    throw new Error(`${tool.name} did not start every worker within 120 s`);
  }
  return tool;
}
