import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runHealCycle } from '../../src/agent/heal-cycle.js';
import { loadMap } from '../../src/map/load-map.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { freePort } from '../helpers/free-port.js';
import { TempProject, WORKERS, uniqueToken, waitFor } from '../helpers/temp-project.js';

const agent = useAgentProjects();


const pong = (p: TempProject): string => {
  try {
    return readFileSync(p.path('pong.txt'), 'utf8').trim();
  } catch {
    return '';
  }
};

describe('a client config that must follow a real redis.conf', () => {
  it('copies Debian redis-server\'s port into the client config, then the client reaches Redis', async () => {
    const p = agent.create();
    const [port, stale] = [await freePort(), await freePort()];
    const conf = `# Redis, owned by the platform team\nbind 127.0.0.1\nport ${port}\ndaemonize no\nsave ""\nappendonly no\ndir ${p.dir}\nlogfile ""\n`;
    p.write('redis/redis.conf', conf);
    p.write('app.json', `{\n  "name": "app",\n  "redis_port": ${stale}\n}\n`);
    p.write('ARCHITECTURE_MAP.md', `## Workers
| Worker | Command | Port | Depends on |
|---|---|---|---|
| redis | \`redis-server redis/redis.conf\` | ${port} | redis/redis.conf |
| app | \`node ${WORKERS}/ping-redis.mjs app.json pong.txt ${uniqueToken()}\` | | app.json, redis |

## Configs

### app.json
| Field | Type | Must match |
|---|---|---|
| redis_port | integer | \`redis/redis.conf#port\` |

### redis/redis.conf
- port: integer

## Settings
- start within: 1s
- stop grace: 2s
`);
    const map = await loadMap(p.path('ARCHITECTURE_MAP.md'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    const result = await runHealCycle(map);
    const copy = result.executed.find((e) => e.action.kind === 'copy-config-value');
    expect(copy?.action.reason).toBe(`config-mismatch: app.json#redis_port ${stale} ≠ redis/redis.conf#port ${port} (source of truth); copy the value from the source of truth`);
    expect(copy?.result).toBe('succeeded');
    expect(readFileSync(p.path('app.json'), 'utf8')).toBe(`{\n  "name": "app",\n  "redis_port": ${port}\n}\n`);
    expect(readFileSync(p.path('redis/redis.conf'), 'utf8')).toBe(conf);
    await waitFor(() => pong(p) === `PONG ${port}`, 20_000, 'the client to reach Redis on the copied port');
  }, 60_000);
});
