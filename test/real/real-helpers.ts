import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadMap } from '../../src/map/load-map.js';
import { runHealCycle } from '../../src/agent/heal-cycle.js';
import { readHistory } from '../../src/history/history-log.js';
import { expect } from 'vitest';
import type { TempProject } from '../helpers/temp-project.js';

/** A loopback port free right now (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((r) => server.close(r));
  return typeof address === 'object' && address ? address.port : 0;
}

/** One `heal` of the project's map, which must be valid. */
export async function healProject(project: TempProject, options: { force?: boolean } = {}) {
  const map = await loadMap(project.path('ARCHITECTURE_MAP.md'));
  expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
  return runHealCycle(map, options);
}

/** The project's history, as `action:result` per component. */
export async function historyOf(project: TempProject): Promise<{ component: string; action: string; result: string; detail: string }[]> {
  return (await readHistory(project.path('.healmap/history.jsonl'))) as never;
}

/** Whether a pid is alive (not gone, not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) [ZX] /.test(stat);
  } catch {
    return false;
  }
}

/** A minimal nginx.conf inside a temp project: its own pid, logs and temp paths, one port. */
export function nginxConf(dir: string, port: number, daemon: boolean): string {
  return `${daemon ? '' : 'daemon off;\n'}user root;
worker_processes 2;
pid ${dir}/run/nginx.pid;
error_log ${dir}/logs/nginx-error.log;
events { worker_connections 64; }
http {
  access_log ${dir}/logs/nginx-access.log;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  server {
    listen 127.0.0.1:${port};
    location / { return 200 "ok\\n"; }
  }
}
`;
}
