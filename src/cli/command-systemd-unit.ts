import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import type { Io } from './io.js';
import { parseOptions } from './parse-options.js';

/** `healmap systemd-unit`: a unit file so that systemd watches the watcher. */
export async function runSystemdUnit(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, {});
  const map = resolve(io.cwd, values.map);
  const bin = fileURLToPath(new URL('../../bin/healmap.js', import.meta.url));
  io.out(`[Unit]
Description=healmap healing agent for ${map}
After=network.target

[Service]
Type=simple
WorkingDirectory=${dirname(map)}
ExecStart=${process.execPath} ${bin} watch --map ${map}
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
