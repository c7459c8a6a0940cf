import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { Io } from './io.js';
import { parseOptions } from './parse-options.js';

/** `healmap systemd-unit`: a unit file so that systemd watches the watcher. */
export async function runSystemdUnit(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, {});
  const map = resolve(io.cwd, values.map);
  const bin = fileURLToPath(new URL('../../bin/healmap.js', import.meta.url));
  // A line break would end the directive and start one of the path's choosing.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(map)) throw new UsageError(`Expected a map path without line breaks or control characters, got ${JSON.stringify(map)}`);
  const argv = [process.execPath, bin, 'watch', '--map', map].map(quoteArgument).join(' ');
  io.out(`[Unit]
Description=healmap healing agent for ${escapeSpecifiers(map)}
After=network.target

[Service]
Type=simple
WorkingDirectory=${escapeSpecifiers(dirname(map))}
ExecStart=${argv}
Restart=always
RestartSec=5
# Workers run in their own sessions; keep them running when the agent restarts (hitless).
KillMode=process
# healmap puts each worker it starts in its own cgroup below the unit's (whole process trees).
Delegate=yes
TimeoutStopSec=60

[Install]
WantedBy=multi-user.target
`);
  return 0;
}

// systemd expands `%h`-style specifiers in most settings: `%%` is a literal percent sign.
function escapeSpecifiers(text: string): string {
  return text.replaceAll('%', '%%');
}

// One ExecStart argument: double-quoted (spaces), `\\` and `"` escaped, specifiers (`%`) and
// environment expansion (`$`) doubled so the path reaches healmap exactly as written.
function quoteArgument(text: string): string {
  return `"${escapeSpecifiers(text).replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('$', () => '$$')}"`;
}
