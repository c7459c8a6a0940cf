import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../src/history/history-log.js';
import type { DaemonProcess } from '../helpers/run-daemon.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { type TempProject, WORKERS, uniqueToken, waitFor } from '../helpers/temp-project.js';

const agent = useAgentProjects();
let daemon: DaemonProcess;

const startsOf = (p: TempProject): string[] => {
  try {
    return readFileSync(p.path('seen.log'), 'utf8').trim().split('\n');
  } catch {
    return [];
  }
};

const POOL = '{\n  "rpc_port": 8332,\n  "name": "pool"\n}\n';

describe('watch and a cross-config rule', () => {
  it('follows a change of the source of truth: copies it into the dependent, then restarts the reader', async () => {
    const p = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers\n| Worker | Command | Depends on |\n|---|---|---|\n| pool | \`node ${WORKERS}/read-at-start.mjs pool.json seen.log ${uniqueToken()}\` | pool.json |\n\n## Configs\n\n### pool.json\n- rpc_port: integer\n\n### bitcoin.conf\n- rpcport: integer\n\n## Rules\n- \`pool.json#rpc_port\` = \`bitcoin.conf#rpcport\`\n\n## Settings\n- start within: 1s\n- stop grace: 1s\n`,
      'pool.json': POOL,
      'bitcoin.conf': 'rpcport=8332\n',
    });
    daemon = agent.watch(p);
    await daemon.waitForEvent((e) => e.event === 'watching', 20_000);
    await waitFor(() => startsOf(p).length === 1, 20_000, 'the pool to start');
    p.write('bitcoin.conf', 'rpcport=18444\n');
    await waitFor(() => startsOf(p).length === 2, 30_000, 'the pool to restart');
    expect(readFileSync(p.path('pool.json'), 'utf8')).toBe(POOL.replace('8332', '18444'));
    // The restarted pool read the copied value: the restart came after the fix.
    expect(startsOf(p)[1]).toContain('18444');
    expect(readFileSync(p.path('bitcoin.conf'), 'utf8')).toBe('rpcport=18444\n');
    // The history line is written once the restart is verified.
    const copied = async () => (await readHistory(p.path('.healmap/history.jsonl')).catch(() => [])).find((e) => e.action === 'copy-config-value');
    await waitFor(async () => (await copied()) !== undefined, 30_000, 'the history line');
    const copy = await copied();
    expect(copy).toMatchObject({ component: 'config:pool.json', result: 'succeeded', reason: 'config-mismatch: pool.json#rpc_port 8332 ≠ bitcoin.conf#rpcport 18444 (source of truth); copy the value from the source of truth, then restart pool' });
  }, 90_000);
});
