import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { convertValue } from '../../src/diagnose/rule-problems.js';
import { loadMapText } from '../../src/map/load-map.js';
import { parseConfigText } from '../../src/probe/config-formats/config-text.js';
import type { ConfigFormat } from '../../src/map/config-format.js';
import { byId, running, syntheticProbe } from '../helpers/synthetic-probe.js';

const MAP = `## Workers
| Worker | Command | Depends on |
|---|---|---|
| pool | \`node pool.mjs\` | pool.json |

## Configs

### pool.json
| Field | Type | Range | Must match |
|---|---|---|---|
| rpc_port | integer | 1024..65535 | \`bitcoin.conf#rpcport\` |
| debug | boolean | | \`bitcoin.conf#debug\` |

### bitcoin.conf
- format: key-value
`;

function config(format: ConfigFormat, text: string | null) {
  if (text === null) return { ok: true as const, value: { exists: false, parseError: null, value: undefined, text: null, mode: null } };
  const parsed = parseConfigText(format, text);
  return { ok: true as const, value: parsed.ok ? { exists: true, parseError: null, value: parsed.value, text, mode: 0o644 } : { exists: true, parseError: parsed.error, value: undefined, text, mode: 0o644 } };
}

async function check(pool: string | null, bitcoin: string | null) {
  const map = await loadMapText(MAP);
  expect(map.messages).toEqual([]);
  const probe = syntheticProbe({ workers: byId([['worker:pool', running(100)]]), configs: byId([['config:pool.json', config('json', pool)], ['config:bitcoin.conf', config('key-value', bitcoin)]]) });
  const diagnosis = diagnose({ model: map.model, graph: map.graph, order: map.order, probe });
  return new Map(diagnosis.components.map((c) => [c.id, c]));
}

describe('diagnosing cross-config rules', () => {
  it('reads text values of the source by the dependent field type: equal values are healthy', async () => {
    const health = await check('{"rpc_port": 8332, "debug": true}', 'rpcport=8332\ndebug=1\n');
    expect([...health.values()].map((c) => `${c.id} ${c.status}`)).toEqual(['config:bitcoin.conf ok', 'config:pool.json ok', 'worker:pool ok']);
    expect(health.get('config:pool.json')?.facts.rules).toEqual([
      { rule: 'pool.json#rpc_port = bitcoin.conf#rpcport', holds: true, value: 8332, sourceValue: 8332, refusal: null },
      { rule: 'pool.json#debug = bitcoin.conf#debug', holds: true, value: true, sourceValue: true, refusal: null },
    ]);
  });

  it('judges a ruled field by its rule: a wrong type or a missing field is a mismatch on the dependent, whose reader is blocked by it', async () => {
    const health = await check('{"rpc_port": "eight"}', 'rpcport=8332\ndebug=0\n');
    expect(health.get('config:pool.json')?.problems.map((p) => `${p.code}: ${p.message}`)).toEqual([
      'config-mismatch: pool.json#rpc_port "eight" ≠ bitcoin.conf#rpcport 8332 (source of truth)',
      'config-mismatch: pool.json#debug is missing; bitcoin.conf#debug false (source of truth)',
    ]);
    expect(health.get('worker:pool')).toMatchObject({ causedBy: 'config:pool.json', status: 'warning' });
  });

  it('refuses to copy a value outside the dependent field range, and says so', async () => {
    const health = await check('{"rpc_port": 8332, "debug": false}', 'rpcport=80\ndebug=no\n');
    expect(health.get('config:pool.json')?.problems.map((p) => p.message)).toEqual(['pool.json#rpc_port 8332 ≠ bitcoin.conf#rpcport 80 (source of truth); cannot be copied: 80 is outside pool.json#rpc_port\'s range 1024..65535']);
  });

  it('makes a source that lacks the field, or does not parse, the root cause; the dependent is only blocked', async () => {
    const lacking = await check('{"rpc_port": 1, "debug": false}', 'debug=0\n');
    expect(lacking.get('config:bitcoin.conf')?.problems.map((p) => p.code)).toEqual(['config-source-field-missing']);
    expect(lacking.get('config:pool.json')).toMatchObject({ causedBy: 'config:bitcoin.conf', problems: [{ code: 'dependency-unhealthy' }] });
    const broken = await check('{"rpc_port": 1}', 'server {\n}\n');
    expect(broken.get('config:bitcoin.conf')?.problems.map((p) => p.code)).toEqual(['config-unparsable']);
    expect(broken.get('config:pool.json')?.causedBy).toBe('config:bitcoin.conf');
  });
});

describe('converting a copied value', () => {
  it.each([
    ['8332', 'integer', 8332], [' 12.5 ', 'number', 12.5], [8332, 'string', '8332'], ['yes', 'boolean', true], ['off', 'boolean', false], ['x', null, 'x'],
  ] as const)('converts %j to %s', (value, type, expected) => {
    expect(convertValue(value, type)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['12.5', 'integer', 'is not an integer'], ['auto', 'number', 'is not a number'], ['maybe', 'boolean', 'is not a boolean'], [{ a: 1 }, null, 'is not a single value (healmap copies text, numbers and booleans)'],
  ] as const)('refuses %j as %s', (value, type, reason) => {
    expect(convertValue(value, type)).toEqual({ ok: false, reason });
  });
});
