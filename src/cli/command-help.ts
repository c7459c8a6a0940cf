/**
 * Each command's usage line and every option it takes, for `healmap <command> --help`. The
 * commands parse their options themselves; this is what a person reads.
 */

/** The help of one command: how to call it and each option with what it does. */
export interface CommandHelp {
  usage: string;
  options: [flag: string, description: string][];
  /** What the exit code means. */
  exit?: string;
}

const MAP: [string, string] = ['-m, --map PATH', 'the architecture map (default ./ARCHITECTURE_MAP.md)'];
const HELP: [string, string] = ['-h, --help', 'this help'];

/** Help per command name. */
export const COMMAND_HELP: Record<string, CommandHelp> = {
  watch: {
    usage: 'healmap watch [--interval 60s] [--http HOST:PORT] [--log-format text|json]',
    options: [
      ['-i, --interval DURATION', 'full healing cycle every DURATION (at least 1s; default the map\'s `interval` setting, 60s)'],
      ['--http HOST:PORT', 'serve the dashboard (/), /metrics and /health (port 0 picks a free one)'],
      ['--log-format text|json', 'one line per event and action, as text (default) or JSON'],
    ],
    exit: '0 after SIGTERM/SIGINT; 3 when the map is invalid or another agent runs',
  },
  status: { usage: 'healmap status [--json]', options: [['--json', 'the heartbeat as JSON']], exit: '0 an agent is alive, 2 not, 3 never ran' },
  'systemd-unit': { usage: 'healmap systemd-unit', options: [], exit: '0' },
  lint: { usage: 'healmap lint [--quiet]', options: [['-q, --quiet', 'errors only, no warnings']], exit: '0 no errors, 1 errors' },
  check: { usage: 'healmap check [--json]', options: [['--json', 'the diagnosis as JSON']], exit: '0 ok, 1 warning, 2 critical, 3 unknown' },
  report: {
    usage: 'healmap report [--format md|json|html] [--out FILE]',
    options: [['-f, --format md|json|html', 'report format (default md)'], ['-o, --out FILE', 'write to FILE instead of stdout']],
    exit: '0, 3 when the map is invalid',
  },
  heal: {
    usage: 'healmap heal [--dry-run] [--force] [--json]',
    options: [
      ['--dry-run', 'plan only, change nothing (= healmap plan)'],
      ['--force', 'ignore backoff and the escalation cooldown: repair now'],
      ['--json', 'the plan, what was done and the final status as JSON'],
    ],
    exit: 'by final status (0 ok, 1 warning, 2 critical, 3 unknown); at least 1 when a repair failed',
  },
  plan: { usage: 'healmap plan [--force] [--json]', options: [['--dry-run', 'always on: plan changes nothing'], ['--force', 'plan as `heal --force` would'], ['--json', 'the plan as JSON']], exit: 'by current status' },
  reset: { usage: 'healmap reset', options: [], exit: 'by final status' },
  stop: {
    usage: 'healmap stop [NAME]',
    options: [['NAME', 'stop only this worker and keep it stopped (reported `stopped (by request)`, not healed) until `healmap start NAME`; without NAME every worker is stopped, dependents first']],
    exit: '0, 1 if a worker could not be stopped',
  },
  start: { usage: 'healmap start NAME', options: [['NAME', 'start a worker (undoes `stop NAME`), verified like a repair']], exit: '0 started, 1 not' },
  restart: { usage: 'healmap restart NAME', options: [['NAME', 'stop and start one worker, verified; its ladder starts afresh']], exit: '0 restarted, 1 not' },
  resolve: { usage: 'healmap resolve NAME', options: [['NAME', 'a worker name or file/config path: clear its escalation and reset its repair ladder (after a person fixed it)']], exit: '0, 1 when NAME was not escalated or unknown' },
  logs: {
    usage: 'healmap logs NAME [-f] [-n N]',
    options: [['NAME', 'a worker healmap starts (its output is captured in .healmap/logs/)'], ['-n, --lines N', 'the last N lines (default 20)'], ['-f, --follow', 'keep printing lines as they are written, across log rotation, until Ctrl-C']],
    exit: '0, 1 when the worker has no log yet',
  },
  history: {
    usage: 'healmap history [--since 24h] [--json]',
    options: [['--since DURATION', 'how far back (default 24h)'], ['--json', 'entries and metrics as JSON']],
    exit: '0',
  },
  graph: { usage: 'healmap graph [--format json|mermaid|dot]', options: [['-f, --format json|mermaid|dot', 'output format (default json)']], exit: '0, 1 when the map has errors' },
};

/** The text of `healmap <name> --help`. */
export function renderCommandHelp(name: string, summary: string): string {
  const help = COMMAND_HELP[name];
  if (!help) return `healmap ${name}: ${summary}\n\nOptions:\n  ${MAP[0]}  ${MAP[1]}\n`;
  const options = [...help.options, MAP, HELP];
  const width = Math.max(...options.map(([flag]) => flag.length));
  const lines = options.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`);
  return `healmap ${name}: ${summary}\n\nUsage: ${help.usage}\n\nOptions:\n${lines.join('\n')}\n${help.exit ? `\nExit code: ${help.exit}\n` : ''}`;
}
