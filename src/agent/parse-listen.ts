import { HealmapError } from '../errors.js';

/** Parses `--http HOST:PORT` (loopback unless the user binds elsewhere). */
export function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:\[?([^\]]*)\]?:)?(\d+)$/.exec(text.trim());
  const port = Number(match?.[2]);
  if (!match || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new HealmapError(`Expected --http as HOST:PORT such as 127.0.0.1:9464, got \`${text}\``, 64);
  }
  return { host: match[1] || '127.0.0.1', port };
}
