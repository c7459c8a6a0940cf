import { readFileSync } from 'node:fs';
import { readHistory } from '../../src/history/history-log.js';
import type { TempProject } from '../helpers/temp-project.js';

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
