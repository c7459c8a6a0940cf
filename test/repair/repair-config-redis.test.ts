import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runHealCycle } from '../../src/agent/heal-cycle.js';
import { loadMap } from '../../src/map/load-map.js';
import { freePort } from '../helpers/free-port.js';
import { TempProject, waitFor } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(() => project.cleanup());


// Sends PING to a Redis on loopback; true on +PONG.
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(1000, () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => { socket.destroy(); resolve(data.toString().startsWith('+PONG')); });
  });
}

describe('a real redis.conf', () => {
  it('repaired in place (one line), still loads in Debian\'s redis-server, comments and directives kept', async () => {
    project = new TempProject();
    const port = await freePort();
    const conf = `# Redis for the test\n# (comments stay)\nbind 127.0.0.1\nport not-a-port\ndaemonize no\nsave ""\nappendonly no\ndir ${project.dir}\nlogfile ""\n`;
    project.write('ARCHITECTURE_MAP.md', `## Configs\n\n### redis/redis.conf\n- port: integer, range 1..65535, default ${port}\n- appendonly: boolean, default no\n`);
    project.write('redis/redis.conf', conf);
    const map = await loadMap(project.path('ARCHITECTURE_MAP.md'));
    expect(map.model.configs[0]?.format).toBe('key-value');
    const result = await runHealCycle(map);
    expect(result.executed.map((e) => [e.action.kind, e.result])).toEqual([['repair-config', 'succeeded']]);
    expect(readFileSync(project.path('redis/redis.conf'), 'utf8')).toBe(conf.replace('port not-a-port', `port ${port}`));
    project.spawn('redis-server', [project.path('redis/redis.conf')]);
    await waitFor(() => ping(port), 20_000, 'redis answering PONG on the repaired port');
  }, 60_000);
});
