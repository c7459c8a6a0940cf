import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { formatMessage } from '../../src/map/messages.js';
import { describeRule } from '../../src/map/read-config-rules.js';

const CONFIGS = `# Pool

## Workers

| Worker | Command | Depends on |
|---|---|---|
| pool | \`node pool.mjs\` | pool.json |

## Configs

### pool.json

| Field | Type | Must match |
|---|---|---|
| rpc_port | integer | \`bitcoin.conf#rpcport\` |
| rpc_user | string | |

### bitcoin.conf

- format: ini
- rpcport: integer
- rpcuser: string

### app.yaml

- server.port: integer, must equal \`app.ini#[server] port\`

### app.ini

- server.port: integer
`;

async function load(rules: string) {
  const map = await loadMapText(`${CONFIGS}${rules}`, { rootDir: '/tmp/healmap-rules', mapPath: '/tmp/healmap-rules/ARCHITECTURE_MAP.md' });
  return { ...map, lines: map.messages.map((m) => formatMessage('ARCHITECTURE_MAP.md', m)) };
}

const line = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('reading cross-config rules', () => {
  it('reads a field-table column, a bullet part and a Rules section, left side dependent, right side source', async () => {
    const map = await load('\n## Rules\n\n- `pool.json#rpc_user` must equal `bitcoin.conf#rpcuser`\n');
    expect(map.lines).toEqual([]);
    const byName = (a: { config: string; field: string }, b: { config: string; field: string }): number => (`${a.config}#${a.field}` < `${b.config}#${b.field}` ? -1 : 1);
    expect(map.model.rules?.map(({ place: _, ...r }) => r).sort(byName)).toEqual([
      { config: 'config:app.yaml', field: 'server.port', source: 'config:app.ini', sourceField: 'server.port' },
      { config: 'config:pool.json', field: 'rpc_port', source: 'config:bitcoin.conf', sourceField: 'rpcport' },
      { config: 'config:pool.json', field: 'rpc_user', source: 'config:bitcoin.conf', sourceField: 'rpcuser' },
    ]);
    const rpcPort = map.model.rules?.find((r) => r.field === 'rpc_port');
    expect(rpcPort?.place.line).toBe(line(CONFIGS, '| rpc_port |'));
    expect(describeRule(rpcPort!)).toBe('pool.json#rpc_port = bitcoin.conf#rpcport: pool.json is the dependent (healmap copies the value into it and restarts its readers), bitcoin.conf the source of truth (never edited)');
  });

  it('makes the dependent config depend on its source of truth in the graph', async () => {
    const map = await load('');
    expect(map.graph.dependencies.get('config:pool.json')).toEqual(['config:bitcoin.conf']);
    expect(map.graph.dependencies.get('config:app.yaml')).toEqual(['config:app.ini']);
    expect(map.order.indexOf('config:bitcoin.conf')).toBeLessThan(map.order.indexOf('config:pool.json'));
    expect(map.order.indexOf('config:pool.json')).toBeLessThan(map.order.indexOf('worker:pool'));
  });

  it('reads a rules table with a source-of-truth column, and `=` / `must match` wording in a Consistency section', async () => {
    const rules = '\n## Consistency\n\nThe pool reads what bitcoind serves.\n\n| Dependent | Source of truth |\n|---|---|\n| `pool.json#rpc_user` | `bitcoin.conf#rpcuser` |\n';
    const map = await load(rules);
    expect(map.lines).toEqual([]);
    expect(map.model.rules?.find((r) => r.field === 'rpc_user')).toMatchObject({ source: 'config:bitcoin.conf', sourceField: 'rpcuser', place: { line: line(CONFIGS + rules, '`pool.json#rpc_user`') } });
  });

  it('says where a rule names an undeclared config or an undeclared field', async () => {
    const rules = '\n## Cross-config rules\n\n- `pool.json#rpc_user` = `nope.json#user`\n- `pool.json#rpc_pass` = `bitcoin.conf#rpcuser`\n- `pool.json#rpc_user` = `bitcoin.conf#rpcpassword`\n';
    const text = CONFIGS + rules;
    const map = await load(rules);
    expect(map.ok).toBe(false);
    expect(map.lines).toEqual([
      `ARCHITECTURE_MAP.md:${line(text, 'nope.json')}:3: error: Unknown config \`nope.json\` in the rule \`pool.json#rpc_user = nope.json#user\`: expected a config the map declares (a Configs section entry, with its \`format:\`) [unresolved-reference]`,
      `ARCHITECTURE_MAP.md:${line(text, 'rpc_pass')}:3: error: Unknown field \`rpc_pass\` of config \`pool.json\` in the rule \`pool.json#rpc_pass = bitcoin.conf#rpcuser\`; the map declares \`rpc_port\`, \`rpc_user\` [unknown-field]`,
      `ARCHITECTURE_MAP.md:${line(text, 'rpcpassword')}:3: error: Unknown field \`rpcpassword\` of config \`bitcoin.conf\` in the rule \`pool.json#rpc_user = bitcoin.conf#rpcpassword\`; the map declares \`rpcport\`, \`rpcuser\` [unknown-field]`,
    ]);
    expect(map.model.rules?.map((r) => r.field)).toEqual(['rpc_port', 'server.port']);
  });

  it('refuses a rule cycle, a field with two sources and a rule within one config', async () => {
    const rules = '\n## Rules\n\n- `app.ini#server.port` = `app.yaml#server.port`\n- `pool.json#rpc_port` = `bitcoin.conf#rpcuser`\n- `bitcoin.conf#rpcuser` = `bitcoin.conf#rpcport`\n';
    const text = CONFIGS + rules;
    const map = await load(rules);
    expect(map.lines).toEqual([
      `ARCHITECTURE_MAP.md:${line(text, 'must equal')}:3: error: Cross-config rule cycle: app.yaml#server.port = app.ini#server.port, app.ini#server.port = app.yaml#server.port; each rule copies its right side into its left, so one config must be the source of truth and depend on none of the others [rule-cycle]`,
      `ARCHITECTURE_MAP.md:${line(text, '- `pool.json#rpc_port`')}:3: error: \`pool.json#rpc_port\` already has a source of truth, \`bitcoin.conf#rpcport\` at ARCHITECTURE_MAP.md:${line(text, '| rpc_port |')}:22; a field has one source [conflicting-rule]`,
      `ARCHITECTURE_MAP.md:${line(text, '`bitcoin.conf#rpcuser` = ')}:3: error: Expected two different configs in the rule \`bitcoin.conf#rpcuser = bitcoin.conf#rpcport\`, got \`bitcoin.conf\` on both sides [rule-same-config]`,
    ].sort());
    // The cycle is one error, not a second `dependency-cycle` from the graph.
    expect(map.messages.filter((m) => m.rule === 'dependency-cycle')).toEqual([]);
    expect(map.model.rules?.map((r) => r.field)).toEqual(['rpc_port']);
  });

  it('warns about a line of a Rules section that looks like a rule but is not one', async () => {
    const rules = '\n## Rules\n\n- `pool.json#rpc_user` should be like `bitcoin.conf#rpcuser` = maybe\n';
    const map = await load(rules);
    expect(map.messages.map((m) => m.rule)).toEqual(['rule-not-read']);
    expect(map.ok).toBe(true);
  });

  it('makes a path only named as a worker input the config a rule reads, and keeps a declared data file an error', async () => {
    const map = await loadMapText('## Workers\n| Worker | Command | Depends on |\n|---|---|---|\n| bitcoind | `bitcoind` | bitcoin.conf |\n| pool | `pool` | pool.json |\n\n## Files\n| File | Producer |\n|---|---|\n| out/blocks.json | bitcoind |\n\n## Configs\n\n### pool.json\n- rpc_port: integer\n- tip: integer\n\n## Rules\n- pool.json#rpc_port = bitcoin.conf#rpcport\n- pool.json#tip = out/blocks.json#height\n');
    expect(map.model.configs.map((c) => `${c.id} ${c.format}`)).toEqual(['config:pool.json json', 'config:bitcoin.conf key-value']);
    expect(map.model.workers.find((w) => w.name === 'bitcoind')?.dependsOn).toEqual(['config:bitcoin.conf']);
    expect(map.order.slice(0, 2)).toEqual(['config:bitcoin.conf', 'config:pool.json']);
    expect(map.messages.map((m) => `${m.place.line}: ${m.message}`)).toEqual(['20: Unknown config `out/blocks.json` in the rule `pool.json#tip = out/blocks.json#height`: it is a data file, not a config']);
  });
});
