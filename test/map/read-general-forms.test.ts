import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { escapeNumberedTitles } from '../../src/map/escape-numbered-titles.js';
import { readHeadedColumns } from '../../src/map/read-columns-header.js';
import { readConfigExample } from '../../src/map/read-config-example.js';

// Small maps in forms no training map used verbatim: each reads only if the rule is general.
const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-forms/ARCHITECTURE_MAP.md' });
const errors = (map: Awaited<ReturnType<typeof load>>) => map.messages.filter((m) => m.severity === 'error').map((m) => m.message);

describe('reading components wherever a name stands beside evidence', () => {
  it('reads a heading that labels one code name, with its command in an indented block', async () => {
    const map = await load([
      '# ingest farm', '', '## How it works', '',
      '### Step 2: `resizer`', '', '    ruby resize.rb --max 2048', '',
      'Reads `incoming/list.csv` and writes `thumbs/index.json`, which should be at most 2 hours old.', '',
      'It holds the lock file `run/resizer.lck` while it works.', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    const worker = map.model.workers.find((w) => w.name === 'resizer');
    expect(worker).toMatchObject({ command: 'ruby resize.rb --max 2048', lock: 'run/resizer.lck' });
    expect(map.model.files.find((f) => f.path === 'thumbs/index.json')).toMatchObject({ producer: 'worker:resizer', freshWithinMs: 7_200_000 });
  });

  it('reads a process list whose commented first line names the columns', () => {
    const block = '# program   port   command            \nweb         8080   node web.js --prod\nclock       -      python clock.py    # every minute\n';
    expect(readHeadedColumns('', block)).toEqual([
      { name: 'web', line: 1, keys: [['port', '8080'], ['command', 'node web.js --prod']], produces: [], reads: [] },
      { name: 'clock', line: 2, keys: [['command', 'python clock.py']], produces: [], reads: [] },
    ]);
    expect(readHeadedColumns('', 'web   node web.js\n')).toBeNull();
  });

  it('reads a table column by its head noun (`Start-up command`, `Maximum allowed age`)', async () => {
    const map = await load([
      '## Runtime register', '',
      '| Ref | Process | Start-up command | Listening port |', '|---|---|---|---|',
      '| P1 | `api` | `node api.js` | 7001 |', '',
      '## Outputs', '',
      '| Output | Written by | Maximum allowed age |', '|---|---|---|',
      '| `out/state.json` | `api` | 90 seconds |', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(map.model.workers[0]).toMatchObject({ name: 'api', command: 'node api.js', port: 7001 });
    expect(map.model.files[0]).toMatchObject({ path: 'out/state.json', producer: 'worker:api', freshWithinMs: 90_000 });
  });

  it('reads bullets of a README-form worker that use keys it does not know as prose', async () => {
    const map = await load(['## Services', '', '### relay', '', '- to launch: `python relay.py`', '- health: `http://127.0.0.1:7002/ping` (200 when fine)', '- binds port 7002', ''].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(map.model.workers[0]).toMatchObject({ name: 'relay', command: 'python relay.py', port: 7002 });
    expect((map.model.workers[0]?.health as { target?: string } | null)?.target).toBe('http://127.0.0.1:7002/ping');
  });

  it('still rejects a README-form worker with no command anywhere', async () => {
    const map = await load(['## Workers', '', '### beta', '- produces: out/b.jsonl', ''].join('\n'));
    expect(errors(map)).toEqual(['Worker `beta` has no command; expected a Command column or a `command:` bullet']);
  });
});

describe('keeping data files and configs apart', () => {
  it('keeps a file a worker writes as a file, with a warning, when prose also presents it as config', async () => {
    const map = await load([
      '## Things', '',
      '**poller** — runs `python poll.py` and keeps `data/latest.json` up to date; the file must be fresher than **2 min**.', '',
      '## Configuration', '', 'Settings in `data/latest.json`:', '', '- `limit` — integer, default 5', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(map.model.files.find((f) => f.path === 'data/latest.json')).toMatchObject({ producer: 'worker:poller', freshWithinMs: 120_000 });
    expect(map.model.configs).toEqual([]);
    expect(map.messages.filter((m) => m.rule === 'config-is-file')).toHaveLength(1);
  });
});

describe('config fields from an example file', () => {
  it('takes types and defaults from the example and bounds from its comments', () => {
    expect(readConfigExample('toml', 'workers = 4    # required, 1 .. 64\nratio = 0.5\n[log]\nlevel = "info"\n', 'svc.toml')).toEqual([
      { name: 'workers', keys: [['type', 'integer'], ['default', '4'], ['range', '1..64'], ['required', 'yes']] },
      { name: 'ratio', keys: [['type', 'number'], ['default', '0.5'], ['required', 'no']] },
      { name: 'log.level', keys: [['type', 'string'], ['default', '"info"'], ['required', 'no']] },
    ]);
    expect(readConfigExample('ini', '[main]\nretries = 3\nverbose = true\n', 'conf/app.ini')?.map((f) => f.keys.slice(0, 2))).toEqual([[['type', 'integer'], ['default', '3']], [['type', 'boolean'], ['default', 'true']]]);
    expect(readConfigExample('yaml', 'a: 1\n', 'svc.toml')).toBeNull();
    expect(readConfigExample('python', 'a = 1\n', 'svc.toml')).toBeNull();
  });

  it('adds example keys the prose does not describe and fills what a description leaves out', async () => {
    const map = await load([
      '## Config: `conf/tool.yaml`', '', '```yaml', 'depth: 30', 'mode: fast', '```', '',
      '| key | type | notes |', '|---|---|---|', '| depth | integer | required, must be 1–99 |', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    const fields = map.model.configs[0]?.fields.map(({ place: _, ...f }) => f);
    expect(fields).toEqual([
      { name: 'depth', type: 'integer', default: 30, min: 1, max: 99, required: true },
      { name: 'mode', type: 'string', default: 'fast', min: null, max: null, required: false },
    ]);
  });
});

describe('numbered titles underlined as headings', () => {
  it('become headings, outside code only, with every line kept', () => {
    const text = 'Intro\n\n2. Processes\n------------\n\n```\n3. not a title\n---\n```\n';
    const escaped = escapeNumberedTitles(text);
    expect(escaped.split('\n')[2]).toBe('2\\. Processes');
    expect(escaped.split('\n')[6]).toBe('3. not a title');
    expect(escaped.split('\n')).toHaveLength(text.split('\n').length);
  });
});

describe('a heading labelling a code name', () => {
  it('stays a section heading when its label names a section', async () => {
    const map = await load(['## How it runs', '', '### Part 1 — `api`', '', '    node api.js', '', '## Runbook for `api`', '', 'Start `node api.js --inspect` to debug it.', ''].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(map.model.workers.map((w) => [w.name, w.command])).toEqual([['api', 'node api.js']]);
  });
});

describe('mixed columns, numbered headings and prose about a component already in a table', () => {
  it('files a Health / supervision cell where it belongs, and prose under a numbered heading adds to the table row', async () => {
    const map = await load([
      '# depot', '', '## Inventory', '',
      '| Service | Command | Health / supervision |', '|---|---|---|',
      '| `api` | `node api.js` | `./apictl ping` (exit 0) |',
      '| `sweeper` | `python sweep.py` | cron `15 3 * * *` |',
      '| `loader` | `node load.js` | pidfile `run/loader.pid` |',
      '| `mirror` | `rsync -a src/ dst/` | watch `dst/stamp.txt` age |', '',
      '### 4.2 api', '',
      'Serving `www/index.html`. Status is checked with the CLI: `./apictl status --quiet`.', '',
      '### 4.3 sweeper', '',
      'Takes `spool/queue.jsonl` and writes `spool/done.jsonl`.', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    const byName = new Map(map.model.workers.map((w) => [w.name, w]));
    expect(byName.get('api')).toMatchObject({ command: 'node api.js', health: { target: './apictl ping' } });
    expect(byName.get('sweeper')?.schedule?.text).toBe('15 3 * * *');
    expect(byName.get('loader')).toMatchObject({ pidfile: 'run/loader.pid', health: null });
    expect(byName.get('mirror')?.health).toBeNull();
    expect(byName.get('api')?.dependsOn).toContain('file:www/index.html');
    expect(byName.get('sweeper')?.dependsOn).toContain('file:spool/queue.jsonl');
  });

  it('reads a daily job, and a component whose description starts with how often it runs, as jobs', async () => {
    const map = await load([
      '# digests', '', '## pieces', '',
      '**mailer** — `python mail.py`', '- daily job at 07:15', '',
      '### reindex', '', 'Runs every 12 hours: `python reindex.py`.', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    const byName = new Map(map.model.workers.map((w) => [w.name, w]));
    expect(byName.get('mailer')).toMatchObject({ type: 'job', schedule: { cron: '15 7 * * *' } });
    expect(byName.get('reindex')).toMatchObject({ type: 'job', schedule: { everyMs: 43_200_000 } });
  });
});
