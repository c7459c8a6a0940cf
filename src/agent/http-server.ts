import { createServer, type Server } from 'node:http';
import { HealmapError } from '../errors.js';

/** What the daemon serves: Prometheus text, the JSON report, and the live HTML report. */
export interface HttpHandlers {
  metrics: () => Promise<{ contentType: string; body: string }>;
  health: () => Promise<string>;
  page: () => Promise<string>;
}

/** Parses `--http HOST:PORT` (loopback unless the user binds elsewhere). */
export function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:\[?([^\]]*)\]?:)?(\d+)$/.exec(text.trim());
  const port = Number(match?.[2]);
  if (!match || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new HealmapError(`Expected --http as HOST:PORT such as 127.0.0.1:9464, got \`${text}\``, 64);
  }
  return { host: match[1] || '127.0.0.1', port };
}

/** Starts the HTTP endpoint; resolves with the server once it listens. */
export async function startHttpServer(listen: { host: string; port: number }, handlers: HttpHandlers): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n');
    const route =
      path === '/metrics' ? handlers.metrics().then((m) => send(200, m.contentType, m.body))
      : path === '/health' ? handlers.health().then((body) => send(200, 'application/json', body))
      : path === '/' ? handlers.page().then((body) => send(200, 'text/html; charset=utf-8', body))
      : Promise.resolve(send(404, 'text/plain', 'not found\n'));
    route.catch((error: unknown) => send(500, 'text/plain', `${(error as Error).message}\n`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  return server;
}
