import { createServer, type IncomingMessage, type Server } from 'node:http';
import { isIP } from 'node:net';
import { hostname } from 'node:os';

// A client gets this long to send its request; a slow one cannot hold a connection (or shutdown).
const REQUEST_TIMEOUT_MS = 10_000;
/** How long a shutdown waits for requests in flight before cutting every connection. */
export const HTTP_CLOSE_DEADLINE_MS = 2_000;

/** What the daemon serves: Prometheus text, the JSON report, and the live HTML report. */
export interface HttpHandlers {
  metrics: () => Promise<{ contentType: string; body: string }>;
  health: () => Promise<string>;
  page: () => Promise<string>;
}

// parseListen lives in parse-listen.ts: `watch` parses its options without loading node:http.
export { parseListen } from './parse-listen.js';

/** Starts the HTTP endpoint; resolves with the server once it listens. */
export async function startHttpServer(listen: { host: string; port: number }, handlers: HttpHandlers): Promise<Server> {
  const server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: REQUEST_TIMEOUT_MS }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (!hostAllowed(req, listen.host)) return send(421, 'text/plain', 'unexpected Host header\n');
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

/**
 * Closes the server on a deadline: idle keep-alive connections at once, requests in flight get
 * `deadlineMs`, then every connection is cut, so a slow client never holds a shutdown.
 */
export async function closeHttpServer(server: Server, deadlineMs = HTTP_CLOSE_DEADLINE_MS): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), deadlineMs);
  await closed;
  clearTimeout(timer);
}

// DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 reaches a loopback
// server, but its requests still carry `Host: evil.example`. Only IP literals, localhost, this
// machine's name and the bound host are served; a request without Host (HTTP/1.0) is no browser.
function hostAllowed(req: IncomingMessage, boundHost: string): boolean {
  const header = req.headers.host;
  if (header === undefined) return true;
  const name = (header.startsWith('[') ? header.slice(1, header.indexOf(']')) : header.replace(/:\d*$/, '')).toLowerCase();
  if (name === '') return false;
  if (isIP(name) !== 0) return true;
  const machine = hostname().toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || name === boundHost.toLowerCase() || name === machine;
}
