import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DaemonProcess } from '../helpers/run-daemon.js';
import { TempProject, waitFor } from '../helpers/temp-project.js';

let project: TempProject;
let daemon: DaemonProcess | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await daemon?.stop();
  daemon = null;
  await project.cleanup();
});

const MAP = '## Files\n| File | Fresh within |\n|---|---|\n| data.txt | 1h |\n';

function get(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

async function startWithHttp(): Promise<number> {
  daemon = new DaemonProcess(project.dir, ['--http', '127.0.0.1:0']);
  const http = await daemon.waitForEvent((e) => e.event === 'http', 20_000);
  return Number(/:(\d+)\//.exec(String(http.url))?.[1]);
}

describe('watch stays safe and stoppable', () => {
  it('[attack] the dashboard refuses a foreign Host header (DNS rebinding) and serves loopback names', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, 'data.txt': 'x' });
    const port = await startWithHttp();
    expect(await get(port, 'evil.example')).toBe(421);
    expect(await get(port, `evil.example:${port}`)).toBe(421);
    expect(await get(port, `127.0.0.1:${port}`)).toBe(200);
    expect(await get(port, `localhost:${port}`)).toBe(200);
    expect(await get(port, `[::1]:${port}`)).toBe(200);
  });

  it('[attack] slow and idle HTTP clients do not hold watch after SIGTERM', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, 'data.txt': 'x' });
    const port = await startWithHttp();
    for (let i = 0; i < 3; i++) {
      const slow = connect(port, '127.0.0.1');
      sockets.push(slow);
      slow.on('error', () => {});
      // Half a request, never finished (slowloris), and a kept-alive connection after a full one.
      slow.write(i === 0 ? 'GET / HTTP/1.1\r\nHost: localhost\r\n' : `GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n`);
    }
    await new Promise((r) => setTimeout(r, 300));
    const running = daemon as DaemonProcess;
    running.child.kill('SIGTERM');
    // Node's own limits would hold it 60 s (headers) to 300 s (request); the deadline is 2 s.
    await waitFor(() => running.exitCode !== null, 20_000, 'watch to exit after SIGTERM');
    expect(running.exitCode).toBe(0);
  });

  it('[attack] a map saved as 2,000 list markers on a line, then deleted, is logged and the daemon keeps running', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': MAP, 'data.txt': 'x' });
    daemon = new DaemonProcess(project.dir);
    await daemon.waitForEvent((e) => e.event === 'watching', 20_000);
    project.write('ARCHITECTURE_MAP.md', `${MAP}\n${'- '.repeat(2000)}x\n`);
    const reloaded = daemon.events.length;
    await daemon.waitForEvent((e) => e.event === 'map-reloaded', 20_000);
    // The reloaded map is watched anew; delete it once that watch is ready.
    await daemon.waitForEvent((e) => e.event === 'watching', 20_000, reloaded);
    const from = daemon.events.length;
    rmSync(project.path('ARCHITECTURE_MAP.md'));
    const invalid = await daemon.waitForEvent((e) => e.event === 'map-invalid', 20_000, from);
    expect(invalid.message).toContain('Cannot read the map: no such file');
    expect(daemon.exitCode).toBeNull();
    project.write('ARCHITECTURE_MAP.md', MAP);
    await daemon.waitForEvent((e) => e.event === 'map-reloaded', 20_000, from);
    expect(daemon.exitCode).toBeNull();
  });
});
