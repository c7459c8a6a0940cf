import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';

const load = (lines: string[]) => loadMapText(lines.join('\n'), { mapPath: '/tmp/healmap-table-kind/ARCHITECTURE_MAP.md' });

// An operations register under a heading healmap does not know: its Name column also reads as a
// config's field, its Type column as a field's type and its last column (`... file`) as a config path.
const register = (heading: string, type: (row: number) => string) => [
  '# Tide gauge', '', `## ${heading}`, '',
  '| Name | Type | Command | Port | PID / lock file |',
  '|------|------|---------|------|-----------------|',
  `| gauge | ${type(0)} | \`node gauge.js --serial /dev/ttyS1\` | 7410 | \`run/gauge.pid\` |`,
  `| tidecalc | ${type(1)} | \`python3 tidecalc.py\` | — | \`run/tidecalc.lock\` |`,
  `| chart | ${type(2)} | \`node chart.js\` | 7411 | \`run/chart.pid\` |`,
  '',
];

describe('a table is read as one kind of thing, decided by its cells', () => {
  it('reads a worker register with a Type column of worker kinds as workers only, never as config fields', async () => {
    const map = await load(register('What runs on the box', (i) => ['Daemon', 'cron', 'Service'][i] ?? ''));
    expect(map.messages.map((m) => `${m.rule}: ${m.message}`)).toEqual([]);
    expect(map.model.configs).toEqual([]);
    expect(map.model.workers.map((w) => [w.name, w.type, w.port, w.pidfile, w.lock])).toEqual([
      ['gauge', 'daemon', 7410, 'run/gauge.pid', null],
      ['tidecalc', 'job', null, null, 'run/tidecalc.lock'],
      ['chart', 'daemon', 7411, 'run/chart.pid', null],
    ]);
  });

  it('still reads a table of fields with field types as config fields', async () => {
    const map = await load([
      '# Tide gauge', '', '## The gauge settings', '', 'The gauge reads `conf/gauge.yaml`:', '',
      '| Name | Type | Default | Notes |',
      '|------|------|---------|-------|',
      '| baud | integer | 9600 | serial speed |',
      '| port_name | string | `/dev/ttyS1` | |',
      '',
    ]);
    expect(map.model.configs.map((c) => [c.path, c.fields.map((f) => [f.name, f.type, f.default])])).toEqual([
      ['conf/gauge.yaml', [['baud', 'integer', 9600], ['port_name', 'string', '/dev/ttyS1']]],
    ]);
  });

  it('reads a table whose Type cells are mostly field types as fields, a stray word there warned about as before', async () => {
    const map = await load([
      '# Tide gauge', '', '## The gauge settings', '', 'The gauge reads `conf/gauge.yaml`:', '',
      '| Name | Type | Default |',
      '|------|------|---------|',
      '| baud | integer | 9600 |',
      '| mode | service | `fast` |',
      '| label | string | `tg` |',
      '',
    ]);
    expect(map.model.configs.map((c) => c.fields.map((f) => f.name))).toEqual([['baud', 'mode', 'label']]);
    expect(map.messages.map((m) => m.rule)).toEqual(['bad-type']);
  });
});
