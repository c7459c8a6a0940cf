import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { verbForms } from '../../src/map/relation-verbs.js';

// Relations written in forms and words the rules name only by family: each reads only if the rule is general.
const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-relations/ARCHITECTURE_MAP.md' });
const dependsOn = (map: Awaited<ReturnType<typeof load>>) => map.model.workers.map((w) => [w.name, [...w.dependsOn].sort()]);
const produces = (map: Awaited<ReturnType<typeof load>>) => map.model.files.map((f) => [f.path, f.producer]);

describe('relations', () => {
  it('matches a verb in every form a sentence uses it', () => {
    expect(verbForms('watch')).toEqual(['watch', 'watches', 'watching']);
    expect(verbForms('produce')).toEqual(['produce', 'produces', 'producing']);
    expect(verbForms('query')).toEqual(['query', 'queries', 'querying']);
    expect(verbForms('subscribe to')).toEqual(['subscribe to', 'subscribes to', 'subscribing to']);
  });

  it('reads writing and reading verbs of any form in a component\'s paragraph', async () => {
    const map = await load([
      '# Pipeline', '', '## Components', '',
      '### poller', '', 'Started with `python poll.py`. It dumps every sample into `data/raw.csv`.', '',
      '### cleaner', '', 'Started with `python clean.py`. The cleaner parses `data/raw.csv` and is exporting `data/clean.csv`.', '',
      '### board', '', 'Started with `node board.js`. Its charts read `data/clean.csv` and it queries `cleaner` for status.', '',
    ].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(produces(map)).toEqual([['data/raw.csv', 'worker:poller'], ['data/clean.csv', 'worker:cleaner']]);
    expect(dependsOn(map)).toEqual([['poller', []], ['cleaner', ['file:data/raw.csv']], ['board', ['file:data/clean.csv', 'worker:cleaner']]]);
  });

  it('never takes a verb\'s particle past a code span ("reads `x` to learn")', async () => {
    const map = await load([
      '# Services', '',
      '- **uploader** — `python upload.py`', '  - Reads `tiles/index.json` to learn which tiles changed.', '',
      '- **tiler** — `python tile.py`', '  - Writes `tiles/index.json` last.', '',
    ].join('\n'));
    expect(dependsOn(map)).toContainEqual(['uploader', ['file:tiles/index.json']]);
  });

  it('makes each name in a Files table\'s readers column depend on the file, an aside naming no one', async () => {
    const map = await load([
      '## Processes', '',
      '| name | run |', '|---|---|', '| ingest | `python ingest.py` |', '| qc | `./qc` |', '| api | `node api.js` |', '',
      '## Data', '',
      '| file | written by | read by | stale after |', '|---|---|---|---|',
      '| `data/a.parquet` | ingest | qc | 120 s |', '| `data/b.parquet` | qc | api, `qc_report` | 600 s |', '| `data/c.csv` | qc | (downloaded by analysts) | 2 h |', '',
    ].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(dependsOn(map)).toEqual([['ingest', []], ['qc', ['file:data/a.parquet']], ['api', ['file:data/b.parquet']]]);
    expect(map.messages.map((m) => m.message)).toContain('Read `qc_report` as outside the system: it is not declared, so it is read as an outside system');
  });

  it('reads notes about a section as that section, and a changelog never', async () => {
    const map = await load([
      '## Procfile', '', '```', 'web: node web.js', 'sync: python sync.py', '```', '',
      '## Notes on each process', '', '**sync** — pulls from the vendor API and saves `state/sync.json`.', '',
      '## Changelog', '', '- **web** used to save `state/old.json`.', '',
    ].join('\n'));
    expect(produces(map)).toEqual([['state/sync.json', 'worker:sync']]);
  });

  it('keeps an outside system a worker needs, named in plain words more than once, as a fact and a warning', async () => {
    const map = await load([
      '## Processes', '', '| name | run |', '|---|---|', '| downlink | `python downlink.py` |', '| tiler | `python tile.py` |', '',
      '## How it fits', '',
      '- `downlink` receives passes from the ground station network.', '- `downlink` needs the ground station network; without it nothing arrives.',
      '- `tiler` uses a lot of memory.', '- `tiler` needs two things: `downlink` and a disk.', '',
    ].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    const outside = (map.model.facts ?? []).filter((f) => f.fact === 'depends on outside').map((f) => [f.component, f.value]);
    expect(outside).toEqual([['worker:downlink', 'ground station network']]);
    expect(map.messages.map((m) => `${m.place.line}: ${m.message}`)).toContain('11: Read `ground station network` as outside the system: it is not declared, so it is read as an outside system');
  });

  it('reads the schedule and the type a described schedule cell states', async () => {
    const map = await load([
      '## Process inventory', '', '| Process | How it runs | Command |', '|---|---|---|',
      '| `downlink` | long-running daemon | `python downlink.py` |', '| `archive` | job, nightly at 03:15 | `rclone sync tiles remote:tiles` |',
      '| `digest` | every Monday at 06:00 | `python digest.py` |', '',
    ].join('\n'));
    expect(map.model.workers.map((w) => [w.name, w.type, w.schedule?.cron ?? null])).toEqual([['downlink', 'daemon', null], ['archive', 'job', '15 3 * * *'], ['digest', 'job', '0 6 * * 1']]);
    expect(map.messages.filter((m) => m.rule === 'unread-schedule')).toEqual([]);
  });

  it('reads a config named as the place of a component\'s settings as a config that component reads', async () => {
    const map = await load([
      '# Desk', '', '## Processes', '',
      '**`triage`** — `python triage.py`. Reads `inbox/new.jsonl`. Its knobs are in `triage.yaml` (see below).', '',
      '**`pricer`** — `python pricer.py`. Writes `out/prices.json`. Tunables live in `pricer.toml`.', '',
      '**`mailer`** — `node mailer.js`. Reads `out/prices.json`. Settings: see `mailer.env`.', '',
      '**`board`** — `node board.js`, configured via `board.json`; its settings are not in `mailer.env`.', '',
      '### `triage.yaml` fields', '', '| key | type | default |', '|---|---|---|', '| `confidence_min` | number | 0.7 |', '',
      '#### pricer.toml', '', '- `margin` — number, default 0.2, between 0 and 1', '',
    ].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(dependsOn(map)).toEqual([
      ['triage', ['config:triage.yaml', 'file:inbox/new.jsonl']],
      ['pricer', ['config:pricer.toml']],
      ['mailer', ['config:mailer.env', 'file:out/prices.json']],
      ['board', ['config:board.json']],
    ]);
    expect(map.model.configs.map((c) => [c.path, c.fields.map((f) => f.name)])).toEqual([
      ['mailer.env', []], ['board.json', []], ['triage.yaml', ['confidence_min']], ['pricer.toml', ['margin']],
    ]);
  });

  it('never takes a name before a colon as the subject of the verbs after it', async () => {
    const map = await load([
      '# Farm', '', '## Components', '',
      '`collector`', ':   Started as `./collector`. Writes `soil/latest.csv`.', '',
      '`planner`', ':   Started as `python plan.py`. Depends on `collector`: reads `soil/latest.csv` and writes `plans/today.json`.', '',
    ].join('\n'));
    expect(produces(map)).toEqual([['soil/latest.csv', 'worker:collector'], ['plans/today.json', 'worker:planner']]);
    expect(dependsOn(map)).toEqual([['collector', []], ['planner', ['file:soil/latest.csv', 'worker:collector']]]);
  });
});
