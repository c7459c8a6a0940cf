import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { parseBoolean } from '../../src/map/parse-values.js';

// Small maps in forms the training maps did not use verbatim: each reads only if the rule is general.
const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-unseen/ARCHITECTURE_MAP.md' });
const errors = (map: Awaited<ReturnType<typeof load>>) => map.messages.filter((m) => m.severity === 'error').map((m) => m.message);
const warnings = (map: Awaited<ReturnType<typeof load>>) => map.messages.filter((m) => m.severity === 'warning').map((m) => `${m.place.line}: ${m.message}`);

describe('a map is never rejected for a value it could not read in free-form text', () => {
  it('reads check glyphs and words in a Required column, a dash there meaning no', async () => {
    const map = await load([
      '## Settings file `conf/app.toml`', '',
      '| Field | Type | Default | Required |', '|---|---|---|---|',
      '| `a` | integer | 1 | ✅ |', '| `b` | integer | 2 | ❌ |', '| `c` | string | — | ✔️ |',
      '| `d` | string | — | — |', '| `e` | string | — | mandatory |', '| `f` | string | — | optional |', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    const fields = map.model.configs[0]?.fields.map((f) => [f.name, f.required]);
    expect(fields).toEqual([['a', true], ['b', false], ['c', true], ['d', false], ['e', true], ['f', false]]);
  });

  it('reads yes/no glyphs and a leading yes/no word before a note', () => {
    for (const text of ['✅', '✔', '✓', '☑', 'y', 'Yes — refuses to start without it', 'required (no default)']) expect(parseBoolean(text)).toEqual({ ok: true, value: true });
    for (const text of ['❌', '✗', '✘', 'n', 'no, falls back to 3', 'optional']) expect(parseBoolean(text)).toEqual({ ok: true, value: false });
    expect(parseBoolean('maybe').ok).toBe(false);
  });

  it('drops a prose value in a free-form table with a positioned warning, and keeps the rest', async () => {
    const map = await load([
      '## Tunables in `conf/app.yaml`', '',
      '| Key | Type | Default | Range |', '|---|---|---|---|',
      '| `ratio` | number | about a half | 0..1 |', '| `level` | integer | 3 | sensible |', '| `name` | string | `x` | — |', '',
      '## What runs', '', '### api', '', '- command: `node api.js`', '- port: the usual one', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(warnings(map)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^5: Expected a default of type number, got `about a half`; read as prose/),
    ]));
    expect(map.model.configs[0]?.fields.map((f) => [f.name, f.default])).toEqual([['ratio', undefined], ['level', 3], ['name', 'x']]);
    expect(map.model.workers[0]).toMatchObject({ name: 'api', command: 'node api.js', port: null });
  });

  it('reads "there is no default" as no default, not as the word after it', async () => {
    const map = await load([
      '## The settings file, `payroll.json`', '',
      '- `tax_year` is an integer and it is required. There is deliberately no default: we never guess the year.',
      '- `currency` is a string and defaults to "EUR".', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(map.model.configs[0]?.fields.map((f) => [f.name, f.type, f.default, f.required])).toEqual([['tax_year', 'integer', undefined, true], ['currency', 'string', 'EUR', true]]);
  });

  it('reads a document titled like a runbook: the title is not a prose section', async () => {
    const map = await load(['# shipyard — ops runbook', '', '## Services', '', '| Service | Command |', '|---|---|', '| `api` | `node api.js` |', ''].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(map.model.workers.map((w) => w.name)).toEqual(['api']);
  });

  it('keeps a value that does not parse an error in a README section', async () => {
    const map = await load(['## Workers', '', '| Worker | Command | Port |', '|---|---|---|', '| api | node api.js | lots |', ''].join('\n'));
    expect(errors(map)).toEqual(['Expected a port from 1 to 65535, got `lots`']);
  });
});
