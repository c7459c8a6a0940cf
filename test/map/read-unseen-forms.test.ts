import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { parseBoolean } from '../../src/map/parse-values.js';
import { parseSchedule } from '../../src/map/job-schedule.js';

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

  it('reads a schedule written in a Kind cell beside the word job', async () => {
    const map = await load(['## Service catalogue', '', '| Service | Kind | Start command |', '|---|---|---|', '| `trainer` | scheduled job, every 4 hours | `python train.py` |', '| `api` | daemon | `node api.js` |', ''].join('\n'));
    expect(map.model.workers.map((w) => [w.name, w.type, w.schedule?.everyMs ?? null])).toEqual([['trainer', 'job', 14_400_000], ['api', 'daemon', null]]);
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

  it('reads "there is no default" as no default (an example value does not fill it in), and a described default as optional', async () => {
    const map = await load([
      '## The settings file, `payroll.json`', '',
      '- `tax_year` is an integer and it is required. There is deliberately no default: we never guess the year.',
      '- `currency` is a string and defaults to "EUR".', '',
      '```json', '{ "tax_year": 2024, "currency": "EUR" }', '```', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(map.model.configs[0]?.fields.map((f) => [f.name, f.type, f.default, f.required])).toEqual([['tax_year', 'integer', undefined, true], ['currency', 'string', 'EUR', false]]);
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

describe('runbook-style blocks of keys under a component', () => {
  it('reads `key: value` lines in a code block or a paragraph under a heading, warning on unknown keys', async () => {
    const map = await load([
      '# dockyard — ops runbook', '', '## Services', '',
      '### crane_feed', '', '```', 'what:     reads crane telemetry', 'cmd:      python -m crane.feed', 'writes:   feed/cranes.ndjson',
      'fresh:    45s  (page if older)', 'pidfile:  run/crane.pid', 'colour:   blue', '```', '',
      '### yard_planner', '', 'cmd: node planner.js', 'needs: crane_feed', 'port: 7100', '',
      '### tally (nightly job)', '', '```', 'cmd:    python tally.py', 'when:   every night at 02:15', 'reads:  feed/cranes.ndjson', '```', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(map.model.workers.map((w) => [w.name, w.command, w.pidfile, w.port, w.type, w.schedule?.cron ?? null])).toEqual([
      ['crane_feed', 'python -m crane.feed', 'run/crane.pid', null, 'daemon', null],
      ['yard_planner', 'node planner.js', null, 7100, 'daemon', null],
      ['tally', 'python tally.py', null, null, 'job', '15 2 * * *'],
    ]);
    expect(map.model.files.find((f) => f.path === 'feed/cranes.ndjson')).toMatchObject({ producer: 'worker:crane_feed', freshWithinMs: 45_000 });
    expect(map.model.workers.find((w) => w.name === 'yard_planner')?.dependsOn).toEqual(['worker:crane_feed']);
    expect(map.model.workers.find((w) => w.name === 'tally')?.dependsOn).toEqual(['file:feed/cranes.ndjson']);
    expect(warnings(map)).toContain('13: Unknown worker key `colour` under `crane_feed`; it is ignored');
  });

  it('does not read a config example under a component as its keys', async () => {
    const map = await load(['## Services', '', '### api', '', 'Started with `node api.js`.', '', '```yaml', 'listen: 8080', 'mode: fast', '```', ''].join('\n'));
    expect(map.model.workers.map((w) => [w.name, w.port])).toEqual([['api', null]]);
  });
});

describe('requirements written as MUST/SHALL sentences', () => {
  it('reads modal verbs, health checks named in a sentence, and a schedule with its cron aside', async () => {
    const map = await load([
      '# RFC-9: sample pipeline', '', '## 3. Components', '',
      '### 3.1. loader', '', '3.1.1. The loader SHALL be started as `python load.py`.', '',
      '3.1.2. It MUST write `spool/in.json`, which MUST be no more than 2 minutes old.', '',
      '### 3.2. scorer', '', '3.2.1. The scorer SHALL be started as `python score.py`.', '',
      '3.2.2. It SHALL read `spool/in.json` and MUST NOT read `spool/old.json`.', '',
      '3.2.3. Its health SHALL be checked with the command `python score.py --ping`.', '',
      '### 3.3. digest', '', '3.3.1. A weekly job, run on Fridays at 17:30 (cron `30 17 * * 5`), with the command `python digest.py`.', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    const scorer = map.model.workers.find((w) => w.name === 'scorer');
    expect(scorer?.dependsOn).toEqual(['file:spool/in.json']);
    expect(scorer?.health).toMatchObject({ kind: 'command', target: 'python score.py --ping' });
    expect(map.model.files.find((f) => f.path === 'spool/in.json')).toMatchObject({ producer: 'worker:loader', freshWithinMs: 120_000 });
    expect(map.model.workers.find((w) => w.name === 'digest')).toMatchObject({ type: 'job', schedule: { cron: '30 17 * * 5' } });
  });

  it('reads a schedule followed by an aside that restates it, and every night at a time', () => {
    expect(parseSchedule('weekly, Mondays at 07:00 (cron 0 7 * * 1)')).toMatchObject({ ok: true, value: { cron: '0 7 * * 1' } });
    expect(parseSchedule('at quarter past (cron `15 * * * *`)')).toMatchObject({ ok: true, value: { cron: '15 * * * *' } });
    expect(parseSchedule('every night at 01:30')).toMatchObject({ ok: true, value: { cron: '30 1 * * *' } });
    expect(parseSchedule('whenever (ask ops)').ok).toBe(false);
  });
});

describe('a diagram-first document with plain-text lists', () => {
  it('reads a process list whose commands carry asides, a list of freshness limits, and a commented example config', async () => {
    const map = await load([
      '# kiln controller', '', '## Topology', '',
      '```mermaid', 'flowchart LR', '  t([thermo])', '  r[/"state/temps.json"/]', '  c([regulator])', '  t --> r', '  r --> c', '```', '',
      '## The processes', '',
      '```', 'thermo      python thermo.py --bus 2', 'regulator   python regulate.py       (pidfile: run/reg.pid)',
      'panel       npm start --prefix panel (port 3100)', 'rollup      python rollup.py         (job, every 15 minutes)', '```', '',
      '## Limits', '', '```', 'state/temps.json    must be younger than 20 s', 'state/rollup.csv    must be younger than 40 min', '```', '',
      '## Config: kiln.ini', '', '```ini', '[kiln]', '; peak — highest temperature, °C.', ';   type: number, REQUIRED, allowed 100..1300, default 1200', 'peak = 1200', '',
      '; ramp — degrees per hour', ';   type: integer, optional, allowed 10..500', 'ramp = 150', '```', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(map.model.workers.map((w) => [w.name, w.command, w.pidfile, w.port, w.type, w.schedule?.everyMs ?? null])).toEqual([
      ['thermo', 'python thermo.py --bus 2', null, null, 'daemon', null],
      ['regulator', 'python regulate.py', 'run/reg.pid', null, 'daemon', null],
      ['panel', 'npm start --prefix panel', null, 3100, 'daemon', null],
      ['rollup', 'python rollup.py', null, null, 'job', 900_000],
    ]);
    expect(map.model.files.find((f) => f.path === 'state/temps.json')).toMatchObject({ producer: 'worker:thermo', freshWithinMs: 20_000 });
    expect(map.model.files.find((f) => f.path === 'state/rollup.csv')).toMatchObject({ freshWithinMs: 2_400_000 });
    expect(map.model.workers.find((w) => w.name === 'regulator')?.dependsOn).toEqual(['file:state/temps.json']);
    const fields = map.model.configs[0]?.fields.map((f) => [f.name, f.type, f.default, f.min, f.max, f.required]);
    expect(fields).toEqual([['kiln.peak', 'number', 1200, 100, 1300, true], ['kiln.ramp', 'integer', 150, 10, 500, false]]);
  });

  it('reads a legend written as a table: arrows are data flow as it says, and no warning guesses', async () => {
    const map = await load([
      '## Topology', '', '```mermaid', 'flowchart LR', '  a([reader]) --> f[/"out/a.json"/]', '  f --> b([writer])', '```', '',
      '| Symbol | Meaning |', '|---|---|', '| `a --> b` | data flows from a into b (b reads what a writes) |', '',
      '## Processes', '', '| Process | Command |', '|---|---|', '| `reader` | `node r.js` |', '| `writer` | `node w.js` |', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(map.messages.map((m) => m.rule)).not.toContain('table-not-read');
    expect(map.model.workers.find((w) => w.name === 'writer')?.dependsOn).toEqual(['file:out/a.json']);
  });

  it('does not read a shell snippet as a list of freshness limits', async () => {
    const map = await load(['## Services', '', '| Service | Command |', '|---|---|', '| `api` | `node api.js` |', '', '```', 'ls -l state/a.json  # older than 5 min?', '```', ''].join('\n'));
    expect(map.model.files).toEqual([]);
  });
});

describe('a narrative guide', () => {
  it('reads components introduced in prose by how they start, until the next heading', async () => {
    const map = await load([
      '# Welcome to ledgerly', '',
      '## Step one: fetching rates', '',
      'Every weekday at 06:00 a scheduled job, `rate_fetch`, runs `python fetch_rates.py`. It writes `staging/rates.csv`.', '',
      'We consider `staging/rates.csv` healthy as long as it is no older than two days.', '',
      '## Step two: posting', '',
      'The poster is the heart of ledgerly. It is a small Go program started with `./poster --once=false`. It reads `staging/rates.csv`.', '',
      'While it works, the poster holds a lock at `run/poster.lock`.', '',
      '## The API', '',
      'Clients never read files. They go through a small web API. It is started with `uvicorn ledger.api:app --port 8100`, listens on port 8100, and reads `staging/rates.csv`.', '',
      '## History', '', 'The poster used to be started with `./poster-old`.', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(map.model.workers.map((w) => [w.name, w.command, w.type, w.schedule?.cron ?? null, w.lock, w.port])).toEqual([
      ['rate_fetch', 'python fetch_rates.py', 'job', '0 6 * * 1-5', null, null],
      ['poster', './poster --once=false', 'daemon', null, 'run/poster.lock', null],
      ['api', 'uvicorn ledger.api:app --port 8100', 'daemon', null, null, 8100],
    ]);
    expect(map.model.files.find((f) => f.path === 'staging/rates.csv')).toMatchObject({ producer: 'worker:rate_fetch', freshWithinMs: 2 * 86_400_000 });
    expect(map.model.workers.find((w) => w.name === 'poster')?.dependsOn).toEqual(['file:staging/rates.csv']);
  });

  it('does not open a component for a paragraph that names no start command', async () => {
    const map = await load(['## Services', '', '| Service | Command |', '|---|---|', '| `api` | `node api.js` |', '', '## Background', '', 'The team runs the whole thing on one box; the `report` tool is used by hand.', '',
      'The team runs `make deploy` by hand when a release is cut.', ''].join('\n'));
    expect(map.model.workers.map((w) => w.name)).toEqual(['api']);
    expect(warnings(map)).toContain('11: `team` is introduced with a start command here, but the paragraph names no file, port, lock or schedule of it; it is not read as a worker');
  });
});

describe('more ways to write per-service blocks', () => {
  const shape = (map: Awaited<ReturnType<typeof load>>) => ({
    workers: map.model.workers.map((w) => [w.name, w.command, w.produces, w.dependsOn]),
    files: map.model.files.map((f) => [f.path, f.producer, f.freshWithinMs]),
    errors: errors(map),
  });
  const expected = {
    workers: [['ingest', 'python ingest.py', ['file:data/in.json'], []], ['scorer', 'python score.py', [], ['file:data/in.json']]],
    files: [['data/in.json', 'worker:ingest', 300_000]],
    errors: [],
  };

  it('reads a YAML block of services without a `services:` key when every entry has a command', async () => {
    const map = await load(['## Services', '', '```yaml', 'ingest:', '  cmd: python ingest.py', '  writes: data/in.json', '  max age: 5 min', 'scorer:', '  cmd: python score.py', '  reads: data/in.json', '```', ''].join('\n'));
    expect(shape(map)).toEqual(expected);
  });

  it('reads key lines split by hard line breaks under a heading', async () => {
    const map = await load(['## 2 Runtime', '', '#### ingest', '', 'cmd: python ingest.py  ', 'writes: data/in.json  ', 'max age: 5 min', '', '#### scorer', '', 'cmd: python score.py\\', 'reads: data/in.json', ''].join('\n'));
    expect(shape(map)).toEqual(expected);
  });

  it('reads a worded limit beside a path in a README-form bullet', async () => {
    const map = await load(['## Services', '', '### ingest', '', '- cmd: `python ingest.py`', '- writes: `data/in.json` (max age 5 min)', '', '### scorer', '', '- cmd: `python score.py`', '- reads: `data/in.json`', ''].join('\n'));
    expect(shape(map)).toEqual(expected);
  });

  it('reads a narrative component named just before its start phrase', async () => {
    const map = await load(['# Guide', '', '## Ingest', '', 'The ingest is started with `python ingest.py` and writes `data/in.json`, which must be no older than 5 minutes.', '', '## Scoring', '', 'Then the scorer, run as `python score.py`, reads `data/in.json`.', ''].join('\n'));
    expect(shape(map)).toEqual(expected);
  });
});

describe('requirements as bullets and table cells', () => {
  const expected = {
    workers: [['exporter', 'python export.py', ['file:out/x.csv'], []], ['loader', 'node load.js', [], ['file:out/x.csv']]],
    files: [['out/x.csv', 'worker:exporter', 900_000]],
  };
  const shape = (map: Awaited<ReturnType<typeof load>>) => ({
    workers: map.model.workers.map((w) => [w.name, w.command, w.produces, w.dependsOn]),
    files: map.model.files.map((f) => [f.path, f.producer, f.freshWithinMs]),
  });

  it('reads numbered requirement bullets that introduce workers by their start command', async () => {
    const map = await load(['# Spec', '', '## Requirements', '', '- R1. The `exporter` SHALL be started as `python export.py`.', '- R2. The `exporter` MUST write `out/x.csv`.',
      '- R3. `out/x.csv` MUST NOT be older than 15 minutes.', '- R4. The `loader` SHALL be started as `node load.js` and SHALL read `out/x.csv`.', ''].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(shape(map)).toEqual(expected);
  });

  it('reads the sentences of a requirements table, without warning that the table is not read', async () => {
    const map = await load(['# Spec', '', '## Requirements', '', '| ID | Requirement |', '|---|---|', '| R1 | The `exporter` SHALL be started as `python export.py`. |',
      '| R2 | The `exporter` MUST write `out/x.csv`, which MUST NOT be older than 15 minutes. |', '| R3 | The `loader` SHALL be started as `node load.js` and SHALL read `out/x.csv`. |', ''].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(map.messages.map((m) => m.rule)).not.toContain('table-not-read');
    expect(shape(map)).toEqual(expected);
  });

  it('reads a start command a few words after the verb, and keeps the sample type when a comment only says "number of"', async () => {
    const map = await load(['# Guide', '', '## Exports', '', 'The `exporter` job runs nightly at 02:00 as `python export.py` and writes `out/x.csv`.', '',
      '## Config: `app.toml`', '', '```toml', '# workers — number of threads (integer, 1..64, required)', 'pool = 8', '```', ''].join('\n'));
    expect(map.model.workers.map((w) => [w.name, w.command, w.type, w.schedule?.cron])).toEqual([['exporter', 'python export.py', 'job', '0 2 * * *']]);
    expect(map.model.configs[0]?.fields.map((f) => [f.name, f.type])).toEqual([['pool', 'integer']]);
  });
});

describe('systemd units pasted into a map', () => {
  it('reads ExecStart, PIDFile, Restart and Type=oneshot, named by a comment or by the heading', async () => {
    const map = await load([
      '## Units', '', '```ini', '# /etc/systemd/system/ingest.service', '[Unit]', 'Description=Ingest', '', '[Service]', 'ExecStart=/usr/bin/python3 ingest.py', 'Restart=on-failure', '```', '',
      '### `rollup.service`', '', '```ini', '[Service]', 'Type=oneshot', 'ExecStart=-python3 rollup.py', 'PIDFile=run/rollup.pid', '```', '',
      '```ini', '[Service]', 'ExecStart=python3 orphan.py', '```', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(map.model.workers.map((w) => [w.name, w.command, w.pidfile, w.type, w.restart])).toEqual([
      ['ingest', '/usr/bin/python3 ingest.py', null, 'daemon', 'on-failure'],
      ['rollup', 'python3 rollup.py', 'run/rollup.pid', 'job', 'on-failure'],
    ]);
    expect(warnings(map)).toContain('22: This systemd unit names no service (a `# name.service` line or a heading naming it); it is not read');
  });
});
