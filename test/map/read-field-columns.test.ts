import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { findRange } from '../../src/map/read-field-text.js';
import { readFieldName } from '../../src/map/read-field-columns.js';

// Config fields written outside code blocks, in forms the readers know only by the shape of their values.
const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-field-columns/ARCHITECTURE_MAP.md' });
type Loaded = Awaited<ReturnType<typeof load>>;
const fields = (map: Loaded, path: string) =>
  map.model.configs.find((c) => c.path === path)?.fields.map((f) => ({ name: f.name, type: f.type, default: f.default, min: f.min, max: f.max, required: f.required }));
const worker = ['## Processes', '', '| name | command |', '|---|---|', '| kiln | `./kiln --conf kiln.cfg` |', ''];

describe('config fields read by the shape of their values', () => {
  it('finds a range in every shape people write one, and nothing in a text without one', () => {
    expect(['5..60', '5 – 60', '`5`–`60`', 'between 5 and 60', 'from 5 to 60 (seconds)', '-40 – 0 (dBFS)', 'min 5', 'at least 5, at most 60', 'up to 60', '>= 5'].map(findRange))
      .toEqual(['5..60', '5..60', '5..60', '5..60', '5..60', '-40..0', '5..', '5..60', '..60', '5..']);
    expect(['any text', 'EPSG code', '`v2`', 'admin 5', 'n/a'].map(findRange)).toEqual([null, null, null, null, null]);
  });

  it('names an INI field by its section as the config readers address it', () => {
    expect(readFieldName('`[oven] max_temp`')).toBe('oven.max_temp');
    expect(readFieldName('max_temp', '`[oven]`')).toBe('oven.max_temp');
    expect(readFieldName('max_temp', 'oven')).toBe('oven.max_temp');
    expect(readFieldName('max_temp', '—')).toBe('max_temp');
  });

  it('reads a section column, a range column and an asking yes/no column that their headers do not name', async () => {
    const map = await load([
      ...worker, 'kiln.cfg', '--------', '', 'Read once at start.', '',
      '| group | name | kind | initial | limits | needed? | reloadable |', '|---|---|---|---|---|---|---|',
      '| [oven] | `max_temp` | integer | 1200 | 600 – 1300 (°C) | ✅ yes | no |',
      '| [oven] | `ramp` | number | 2.5 | at most 10 | no | yes |',
      '| [alarm] | `buzzer` | boolean | true | — | no | yes |', '',
    ].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(fields(map, 'kiln.cfg')).toEqual([
      { name: 'oven.max_temp', type: 'integer', default: 1200, min: 600, max: 1300, required: true },
      { name: 'oven.ramp', type: 'number', default: 2.5, min: null, max: 10, required: false },
      { name: 'alarm.buzzer', type: 'boolean', default: true, min: null, max: null, required: false },
    ]);
  });

  it('never reads a yes/no column whose header does not ask for a value as the required flag', async () => {
    const map = await load([
      ...worker, '## Config `kiln.cfg`', '',
      '| key | type | default | hot reload |', '|---|---|---|---|', '| `max_temp` | integer | 1200 | yes |', '| `ramp` | number | 2.5 | no |', '',
    ].join('\n'));
    expect(fields(map, 'kiln.cfg')?.map((f) => f.required)).toEqual([true, true]);
  });

  it('takes a field table\'s config from the sentence right before it, whatever word it uses for the file', async () => {
    const map = await load([
      '# Kiln', '', '### Firing (`kiln`)', '', 'Started with `./kiln --conf kiln.yaml`; it writes `state/firing.json`.', '',
      'Its recipe sits in `kiln.yaml`:', '',
      '| Key | Type | Default | Accepted | Notes |', '|---|---|---|---|---|',
      '| `hold_min` | integer | 20 | 5 to 90 | **required** |', '| `vent` | boolean | false | n/a | |', '',
    ].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(fields(map, 'kiln.yaml')).toEqual([
      { name: 'hold_min', type: 'integer', default: 20, min: 5, max: 90, required: true },
      { name: 'vent', type: 'boolean', default: false, min: null, max: null, required: false },
    ]);
    expect(map.model.files.map((f) => f.path)).toEqual(['state/firing.json']);
  });

  it('reads a field named alone (a definition term, a bold name) from the paragraph or bullets under it', async () => {
    const map = await load([
      ...worker, '## Config reference', '', '### `kiln.toml`', '',
      '`hold_min`', ':   *integer*, **required**. Minutes at peak. Accepted `5`–`90`, default `20`.', '',
      '`vent`', ':   *boolean*, optional, default `false`.', '',
      '**▸ cool_rate**', '- number', '- default 1.5', '- must lie between 0.5 and 4', '',
      '**▸ label**', '- string, required', '- no default', '',
    ].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(fields(map, 'kiln.toml')).toEqual([
      { name: 'hold_min', type: 'integer', default: 20, min: 5, max: 90, required: true },
      { name: 'vent', type: 'boolean', default: false, min: null, max: null, required: false },
      { name: 'cool_rate', type: 'number', default: 1.5, min: 0.5, max: 4, required: false },
      { name: 'label', type: 'string', default: undefined, min: null, max: null, required: true },
    ]);
  });
});
