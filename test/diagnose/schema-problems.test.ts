import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { configProblems } from '../../src/diagnose/component-problems.js';
import type { SystemProbe } from '../../src/probe/probe-system.js';

const MAP = `# sensors

## Data contracts

### \`config/alerts.json\`

\`\`\`json
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["temperature_max"],
  "properties": {
    "temperature_max": { "type": "number", "default": 85, "minimum": -40, "maximum": 125 },
    "unit": { "type": "string", "enum": ["C", "F"] }
  },
  "additionalProperties": false
}
\`\`\`
`;

// What the probe saw of the config: it exists and parses to `value`.
function probeWith(id: string, value: unknown): SystemProbe {
  return { configs: new Map([[id, { ok: true, value: { exists: true, parseError: null, value, text: JSON.stringify(value) } }]]) } as unknown as SystemProbe;
}

describe('a config checked against the JSON Schema its map gives', () => {
  it('reads the schema into fields and keeps it on the config', async () => {
    const map = await loadMapText(MAP);
    const config = map.model.configs[0];
    expect(config?.fields.map(({ place: _, ...f }) => f)).toEqual([
      { name: 'temperature_max', type: 'number', default: 85, min: -40, max: 125, required: true },
      { name: 'unit', type: 'string', default: undefined, min: null, max: null, required: false },
    ]);
    expect(config?.schema).toMatchObject({ additionalProperties: false });
  });

  it('reports what only the schema says (an extra key, a value outside an enum), once each', async () => {
    const config = (await loadMapText(MAP)).model.configs[0];
    if (!config) throw new Error('no config read');
    const problems = configProblems(config, probeWith(config.id, { temperature_max: 200, unit: 'K', colour: 'red' }));
    expect(problems.map((p) => `${p.code}: ${p.message}`)).toEqual([
      'config-field-out-of-range: field `temperature_max` is 200, outside -40..125',
      "config-schema-violation: the document must NOT have additional properties (`colour`), per the map's JSON Schema",
      "config-schema-violation: `unit` must be equal to one of the allowed values, per the map's JSON Schema",
    ]);
    expect(configProblems(config, probeWith(config.id, { temperature_max: 20, unit: 'C' }))).toEqual([]);
  });
});
