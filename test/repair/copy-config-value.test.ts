import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../src/history/history-log.js';
import { loadMap } from '../../src/map/load-map.js';
import type { ConfigSpec } from '../../src/map/types.js';
import { copyConfigValues } from '../../src/repair/copy-config-value.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { healProject } from '../helpers/heal-project.js';
import { TempProject, WORKERS, uniqueToken, waitFor } from '../helpers/temp-project.js';

const agent = useAgentProjects();

const FAST = '\n## Settings\n- start within: 1s\n- stop grace: 1s\n';

const heal = healProject;

const backups = (p: TempProject): string[] => (existsSync(p.path('.healmap/backups')) ? readdirSync(p.path('.healmap/backups')) : []);
// Each start of a read-at-start worker logs its pid and the config text it read.
const starts = (p: TempProject): { pid: number; text: string }[] => readFileSync(p.path('seen.log'), 'utf8').trim().split('\n').map((line) => {
  const [pid, ...rest] = line.split(' ');
  return { pid: Number(pid), text: JSON.parse(rest.join(' ')) as string };
});

function poolMap(token: string, bitcoinFields = '- rpcport: integer\n'): string {
  return `# Pool

## Workers

| Worker | Command | Depends on |
|---|---|---|
| pool | \`node ${WORKERS}/read-at-start.mjs pool.json seen.log ${token}\` | pool.json |

## Configs

### pool.json

| Field | Type | Must match |
|---|---|---|
| rpc_port | integer | \`bitcoin.conf#rpcport\` |
| name | string | |

### bitcoin.conf

- format: key-value
${bitcoinFields}${FAST}`;
}

const POOL_JSON = '{\n    "name": "pool",\n    "rpc_port": 8332,\n    "payout": [1, 2]\n}\n';
const BITCOIN_CONF = '# bitcoind, owned by the node team\nserver=1\nrpcport=8332\n';

describe('copying a value from its source of truth', () => {
  it('copies bitcoin.conf#rpcport into pool.json (layout kept, backup made), then restarts the pool, which reads the new value', async () => {
    const p = agent.create({ 'ARCHITECTURE_MAP.md': poolMap(uniqueToken()), 'pool.json': POOL_JSON, 'bitcoin.conf': BITCOIN_CONF });
    expect((await heal(p)).after.status).toBe('ok');
    const [first] = starts(p);
    // The node team moves bitcoind's RPC port; the pool's config still says the old one.
    const moved = BITCOIN_CONF.replace('rpcport=8332', 'rpcport=18332');
    p.write('bitcoin.conf', moved);
    const result = await heal(p);
    const mismatch = result.before.components.find((c) => c.id === 'config:pool.json');
    expect(mismatch?.problems).toEqual([{ code: 'config-mismatch', message: 'pool.json#rpc_port 8332 ≠ bitcoin.conf#rpcport 18332 (source of truth)', severity: 'critical' }]);
    expect(result.before.rootCauses).toEqual(['config:pool.json']);
    expect(result.plan.actions.map((a) => [a.kind, a.target, a.workers])).toEqual([['copy-config-value', 'config:pool.json', ['worker:pool']]]);
    expect(result.executed.map((e) => e.result)).toEqual(['succeeded']);
    expect(readFileSync(p.path('pool.json'), 'utf8')).toBe(POOL_JSON.replace('8332', '18332'));
    expect(readFileSync(p.path('bitcoin.conf'), 'utf8')).toBe(moved);
    expect(backups(p).map((b) => readFileSync(p.path(`.healmap/backups/${b}`), 'utf8'))).toEqual([POOL_JSON]);
    // Restarted after the fix: a new process, and it read the copied value.
    const last = starts(p).at(-1);
    expect(last?.pid).not.toBe(first?.pid);
    expect(last?.text).toBe(POOL_JSON.replace('8332', '18332'));
    expect(result.after.status).toBe('ok');
    const [entry] = (await readHistory(p.path('.healmap/history.jsonl'))).filter((e) => e.action === 'copy-config-value');
    expect(entry).toMatchObject({ component: 'config:pool.json', problem: 'config-mismatch', rootCause: 'config:pool.json', result: 'succeeded' });
    expect(entry?.reason).toBe('config-mismatch: pool.json#rpc_port 8332 ≠ bitcoin.conf#rpcport 18332 (source of truth); copy the value from the source of truth, then restart pool');
    expect(entry?.detail).toMatch(/^pool\.json#rpc_port 8332 ≠ bitcoin\.conf#rpcport 18332 \(source of truth\): copied; backup .*pool\.json\..*\.bak; stopped pool \(.*\); pool: pid \d+ up/);
  });

  it('copies a TOML section key into a nested YAML field, keeping the YAML comments', async () => {
    const yaml = '# api settings\nserver:\n  port: 8080 # the port the api listens on\n  host: 127.0.0.1\n';
    const toml = '# gateway\n[server]\nport = 9090\n';
    const p = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers\n\n### api\n- command: node ${WORKERS}/read-at-start.mjs app.yaml seen.log ${uniqueToken()}\n- depends on: app.yaml\n\n## Configs\n\n### app.yaml\n- server.port: integer\n\n### gateway.toml\n- server.port: integer\n\n## Rules\n\n- \`app.yaml#server.port\` must equal \`gateway.toml#[server] port\`\n${FAST}`,
      'app.yaml': yaml,
      'gateway.toml': toml,
    });
    const result = await heal(p);
    expect(result.plan.actions.map((a) => [a.kind, a.target])).toEqual([['copy-config-value', 'config:app.yaml'], ['start-worker', 'worker:api']]);
    expect(result.plan.actions[1]?.after).toEqual([1]);
    expect(readFileSync(p.path('app.yaml'), 'utf8')).toBe(yaml.replace('8080', '9090'));
    expect(readFileSync(p.path('gateway.toml'), 'utf8')).toBe(toml);
    // The worker started only after the copy, so it read the new port.
    expect(starts(p).map((s) => s.text)).toEqual([yaml.replace('8080', '9090')]);
    expect(result.after.status).toBe('ok');
  });

  it('blames a missing source of truth, copies nothing and never creates the source', async () => {
    const p = agent.create({ 'ARCHITECTURE_MAP.md': poolMap(uniqueToken()), 'pool.json': POOL_JSON.replace('8332', '8331') });
    const result = await heal(p);
    const byId = new Map(result.before.components.map((c) => [c.id, c]));
    expect(byId.get('config:bitcoin.conf')?.problems.map((x) => x.code)).toEqual(['config-missing']);
    expect(result.before.rootCauses).toEqual(['config:bitcoin.conf']);
    expect(byId.get('config:pool.json')).toMatchObject({ causedBy: 'config:bitcoin.conf', problems: [{ code: 'dependency-unhealthy' }] });
    const escalation = result.plan.actions.find((a) => a.target === 'config:bitcoin.conf');
    expect(escalation?.kind).toBe('escalate');
    expect(escalation?.reason).toBe('config-missing: does not exist; it is the source of truth of pool.json, which healmap never edits (nothing is copied until it is fixed)');
    expect(result.plan.actions.some((a) => a.kind === 'copy-config-value' || a.kind === 'repair-config')).toBe(false);
    expect(existsSync(p.path('bitcoin.conf'))).toBe(false);
    expect(readFileSync(p.path('pool.json'), 'utf8')).toBe(POOL_JSON.replace('8332', '8331'));
    expect(backups(p)).toEqual([]);
  });

  it('refuses a value that cannot be converted to the dependent field type, and writes nothing', async () => {
    const p = agent.create({ 'ARCHITECTURE_MAP.md': poolMap(uniqueToken(), ''), 'pool.json': POOL_JSON, 'bitcoin.conf': BITCOIN_CONF.replace('rpcport=8332', 'rpcport=auto') });
    const result = await heal(p);
    const pool = result.before.components.find((c) => c.id === 'config:pool.json');
    expect(pool?.problems.map((x) => x.message)).toEqual(['pool.json#rpc_port 8332 ≠ bitcoin.conf#rpcport "auto" (source of truth); cannot be copied: "auto" is not a number']);
    expect(result.plan.actions.find((a) => a.target === 'config:pool.json')?.kind).toBe('escalate');
    expect(readFileSync(p.path('pool.json'), 'utf8')).toBe(POOL_JSON);
    expect(backups(p)).toEqual([]);
  });

  it.each([
    ['the source of truth', 'bitcoin.conf', `# bitcoind, rewritten by the node team's deploy\nserver=1\nrpcport=9999\n`],
    ['the dependent', 'pool.json', POOL_JSON.replace('8332', '7777').replace('"pool"', '"pool, being rewritten by hand"')],
  ])('copies nothing while %s is still being written, then copies once it settles', async (_, path, content) => {
    const p = agent.create({ 'ARCHITECTURE_MAP.md': poolMap(uniqueToken()), 'pool.json': POOL_JSON.replace('8332', '8331'), 'bitcoin.conf': BITCOIN_CONF });
    const map = await loadMap(p.path('ARCHITECTURE_MAP.md'));
    const pool = map.model.configs.find((c) => c.path === 'pool.json') as ConfigSpec;
    // Truncated, then written in small chunks with a long pause halfway, held open meanwhile.
    const original = readFileSync(p.path(path), 'utf8');
    const writer = p.spawn(process.execPath, [`${WORKERS}/write-slowly.mjs`, p.path(path), content, '8', '50', '4000']);
    const exited = new Promise((resolve) => writer.once('exit', resolve));
    await waitFor(() => readFileSync(p.path(path), 'utf8') !== original, 10_000, 'the writer to begin');
    const during = await copyConfigValues(map.model, pool);
    expect(during, JSON.stringify(during)).toMatchObject({ ok: false, deferred: true, backup: null });
    expect(during.detail).toMatch(/still being written/);
    expect(backups(p)).toEqual([]);
    await exited;
    expect(writer.exitCode).toBe(0);
    expect(readFileSync(p.path(path), 'utf8')).toBe(content);
    const after = await copyConfigValues(map.model, pool);
    expect(after.ok).toBe(true);
    const wanted = path === 'bitcoin.conf' ? '9999' : '8332';
    expect(JSON.parse(readFileSync(p.path('pool.json'), 'utf8')).rpc_port).toBe(Number(wanted));
    expect(readFileSync(p.path('bitcoin.conf'), 'utf8')).toBe(path === 'bitcoin.conf' ? content : BITCOIN_CONF);
  }, 60_000);

  it.each([
    ['an INI section key', 'app.ini', '`app.ini#[server] port`', '; api\n[server]\nport = 8080 ; the api port\nhost = x\n', '; api\n[server]\nport = 9443 ; the api port\nhost = x\n'],
    ['a .env variable', 'api.env', '`api.env#PORT`', '# api\nexport PORT=8080 # http\nNAME="my api"\n', '# api\nexport PORT=9443 # http\nNAME="my api"\n'],
    ['a TOML key', 'api.toml', '`api.toml#server.port`', '# api\n[server]\nport = 8080 # http\n', '# api\n[server]\nport = 9443 # http\n'],
    ['a JSONC key with comments', 'api.jsonc', '`api.jsonc#server.port`', '{\n  // the api\n  "server": { "port": 8080 } // http\n}\n', '{\n  // the api\n  "server": { "port": 9443 } // http\n}\n'],
  ])('copies a JSON source into %s, one value changed, comments kept', async (_, path, ref, before, after) => {
    const fields: Record<string, string> = { 'api.env': '- format: env\n- PORT: integer\n', 'app.ini': '- server.port: integer\n' };
    const p = agent.create({
      'ARCHITECTURE_MAP.md': `## Configs\n\n### ${path}\n${fields[path] ?? '- server.port: integer\n'}\n### gateway.json\n- server.port: integer\n\n## Rules\n\n- ${ref} must match \`gateway.json#server.port\`\n`,
      [path]: before,
      'gateway.json': '{ "server": { "port": 9443 } }\n',
    });
    const result = await heal(p);
    expect(result.executed.map((e) => [e.action.kind, e.result])).toEqual([['copy-config-value', 'succeeded']]);
    expect(readFileSync(p.path(path), 'utf8')).toBe(after);
    expect(result.after.status).toBe('ok');
  });

  it('heals a chain of rules (a = b, b = c) in one pass, the reader of `a` restarted once, after both copies', async () => {
    const p = agent.create({
      'ARCHITECTURE_MAP.md': `## Workers\n\n### edge\n- command: node ${WORKERS}/read-at-start.mjs edge.yaml seen.log ${uniqueToken()}\n- depends on: edge.yaml\n\n## Configs\n\n### edge.yaml\n- port: integer\n\n### mid.json\n- port: integer\n\n### origin.toml\n- port: integer\n\n## Rules\n\n- \`edge.yaml#port\` = \`mid.json#port\`\n- \`mid.json#port\` = \`origin.toml#port\`\n${FAST}`,
      'edge.yaml': 'port: 1 # edge\n',
      'mid.json': '{ "port": 1 }\n',
      'origin.toml': 'port = 1\n',
    });
    expect((await heal(p)).after.status).toBe('ok');
    p.write('origin.toml', 'port = 2\n');
    const result = await heal(p);
    expect(result.plan.actions.map((a) => [a.kind, a.target, a.after, a.workers])).toEqual([
      ['copy-config-value', 'config:mid.json', [], []],
      ['copy-config-value', 'config:edge.yaml', [1], ['worker:edge']],
    ]);
    expect(result.executed.map((e) => e.result)).toEqual(['succeeded', 'succeeded']);
    expect(readFileSync(p.path('mid.json'), 'utf8')).toBe('{ "port": 2 }\n');
    expect(readFileSync(p.path('edge.yaml'), 'utf8')).toBe('port: 2 # edge\n');
    expect(starts(p).map((s) => s.text)).toEqual(['port: 1 # edge\n', 'port: 2 # edge\n']);
    expect(result.after.status).toBe('ok');
  });
});
