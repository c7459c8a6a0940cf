import type { Server } from 'node:http';
import type { LogEvent } from './daemon-log.js';
import { startHttpServer, type HttpHandlers } from './http-server.js';

/**
 * Starts the daemon's dashboard, metrics and health endpoint. Healing matters more than the
 * dashboard: a taken port is logged and null returned, never thrown.
 */
export async function serveDaemonHttp(listen: { host: string; port: number }, handlers: HttpHandlers, log: (event: LogEvent) => void): Promise<Server | null> {
  try {
    const server = await startHttpServer(listen, handlers);
    const address = server.address();
    const where = typeof address === 'object' && address ? `http://${listen.host}:${address.port}/` : '';
    log({ event: 'http', message: `dashboard ${where} · metrics ${where}metrics · health ${where}health`, url: where });
    return server;
  } catch (error) {
    log({ event: 'error', message: `cannot serve http on ${listen.host}:${listen.port}: ${(error as Error).message}; healing continues without the dashboard` });
    return null;
  }
}
