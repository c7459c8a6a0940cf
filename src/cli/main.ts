import { readFileSync } from 'node:fs';
import { describeError, HealmapError, UsageError } from '../errors.js';
import { renderCommandHelp } from './command-help.js';
import { processIo, type Io } from './io.js';

type Command = (args: string[], io: Io) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  watch: { summary: 'the healing daemon: full cycle every interval, instant on events (--interval, --http, --log-format)', load: async () => (await import('./command-watch.js')).runWatch },
  status: { summary: 'is a healmap agent alive for this map? (exit 0 alive, 2 not, 3 never ran)', load: async () => (await import('./command-status.js')).runStatus },
  'systemd-unit': { summary: 'print a systemd unit that keeps `healmap watch` running', load: async () => (await import('./command-systemd-unit.js')).runSystemdUnit },
  lint: { summary: 'validate the map; every problem with its place (--json: also what was read)', load: async () => (await import('./command-lint.js')).runLint },
  explain: { summary: 'what healmap understood, component by component with lines, then what it ignored (--json)', load: async () => (await import('./command-explain.js')).runExplain },
  check: { summary: 'probe and diagnose; exit 0 ok, 1 warning, 2 critical, 3 unknown (--json)', load: async () => (await import('./command-check.js')).runCheck },
  report: { summary: 'health report (--format md|json|html, --out FILE)', load: async () => (await import('./command-report.js')).runReport },
  heal: { summary: 'one healing pass: check, repair in dependency order, verify (--dry-run, --force, --json)', load: async () => (await import('./command-heal.js')).runHeal },
  plan: { summary: 'print the repair plan in order with reasons; changes nothing', load: async () => (await import('./command-heal.js')).runPlan },
  reset: { summary: 'stop all workers, clear stale locks, start all in dependency order', load: async () => (await import('./command-reset.js')).runReset },
  stop: { summary: 'stop NAME and keep it stopped (by request); without NAME every worker, dependents first', load: async () => (await import('./command-stop.js')).runStop },
  start: { summary: 'start NAME (undoes `stop NAME`), verified', load: async () => (await import('./command-start.js')).runStart },
  restart: { summary: 'restart NAME, verified; its repair ladder starts afresh', load: async () => (await import('./command-restart.js')).runRestart },
  resolve: { summary: 'clear the escalation of NAME and reset its repair ladder', load: async () => (await import('./command-resolve.js')).runResolve },
  logs: { summary: 'the captured output of worker NAME (-n N, -f to follow)', load: async () => (await import('./command-logs.js')).runLogs },
  history: { summary: 'recent actions and repair metrics (--since 1h, --json)', load: async () => (await import('./command-history.js')).runHistory },
  graph: { summary: 'print the dependency graph (--format json|mermaid|dot)', load: async () => (await import('./command-graph.js')).runGraph },
};

const EXIT_USAGE = 64;

/** The CLI entry: runs one command and turns known errors into messages and exit codes. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    io.out(`${readVersion()}\n`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`healmap: unknown command \`${name}\`\n\n${usage()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(renderCommandHelp(name, command.summary));
    return 0;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`healmap ${name}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof HealmapError) {
      io.err(`healmap ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    // A system error (ENOSPC, EACCES...) is one line, not a stack trace: status UNKNOWN.
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      io.err(`healmap ${name}: ${describeError(error)}\n`);
      return 3;
    }
    throw error;
  }
}

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return `Usage: healmap <command> [--map ARCHITECTURE_MAP.md] [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`healmap <command> --help\` for a command's options.\n`;
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
