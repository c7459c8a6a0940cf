import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMap, loadMapText } from '../../src/map/load-map.js';

const load = (lines: string[]) => loadMapText(lines.join('\n'), { mapPath: '/tmp/healmap-anchors/ARCHITECTURE_MAP.md', label: 'MAP' });
const workersOf = (map: Awaited<ReturnType<typeof load>>) =>
  map.model.workers.map((w) => ({ name: w.name, command: w.command, port: w.port, pidfile: w.pidfile, lock: w.lock, health: w.health?.target ?? null, type: w.type, deps: [...w.dependsOn].sort() }));
const filesOf = (map: Awaited<ReturnType<typeof load>>) => map.model.files.map((f) => [f.path, f.producer, f.freshWithinMs]);

describe('the proximity pass: names in subject positions and values by shape', () => {
  it('reads bullets led by a name in code as facts of that component, each file by the verb before it', async () => {
    const map = await load([
      'Procfile', '--------', '', '```', 'hub: ./hub --bus i2c-1', 'controller: python control.py --conf control.ini', 'dashboard:  node dashboard.js', '```', '',
      'Notes per line:', '',
      '* `hub` talks to the sensors. It keeps `state/climate.json` current and writes its pid to `run/hub.pid`.',
      '* `controller` reads `state/climate.json` and decides. Output goes to `state/actuators.json`.',
      '  Depends on `hub`: no fresh reading, no decisions.',
      '* `dashboard` is the web page. Listens on port 8081. It only reads `state/climate.json`.',
    ]);
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(workersOf(map)).toEqual([
      { name: 'hub', command: './hub --bus i2c-1', port: null, pidfile: 'run/hub.pid', lock: null, health: null, type: 'daemon', deps: [] },
      { name: 'controller', command: 'python control.py --conf control.ini', port: null, pidfile: null, lock: null, health: null, type: 'daemon', deps: ['config:control.ini', 'file:state/climate.json', 'worker:hub'] },
      { name: 'dashboard', command: 'node dashboard.js', port: 8081, pidfile: null, lock: null, health: null, type: 'daemon', deps: ['file:state/climate.json'] },
    ]);
    expect(filesOf(map)).toEqual([['state/climate.json', 'worker:hub', null], ['state/actuators.json', 'worker:controller', null]]);
  });

  it('reads a table row by its first cell: a worker\'s pidfile and probe, a file\'s freshness', async () => {
    const map = await load([
      '## Processes', '', '| name | command |', '|---|---|', '| hub | `./hub --bus i2c-1` |', '| dashboard | `node dashboard.js` |', '',
      '## Is it alive?', '', '| what | check | alarm if |', '|---|---|---|',
      '| hub | process in `run/hub.pid` exists | pid gone |',
      '| state/climate.json | mtime | older than 20 s |',
      '| dashboard | `curl -fs http://127.0.0.1:8081/ok` | non-zero exit |',
      '| age of `logs/harvest.csv` | mtime | older than 25 h |',
    ]);
    expect(workersOf(map).map((w) => [w.name, w.pidfile, w.health])).toEqual([['hub', 'run/hub.pid', null], ['dashboard', null, 'curl -fs http://127.0.0.1:8081/ok']]);
    expect(filesOf(map)).toEqual([['state/climate.json', null, 20_000], ['logs/harvest.csv', null, 25 * 3_600_000]]);
  });

  it('gives a checklist item with no name the component whose exact command it holds, with its children', async () => {
    const map = await load([
      '| Piece | What it is | Start it with |', '|---|---|---|',
      '| `tank_monitor` | probe reader | `python tanks.py --bus modbus0` |', '| `taproom_board` | web page | `node board.js` |', '',
      '## Day 1', '',
      '- [ ] Start the probe reader: `python tanks.py --bus modbus0`',
      '  - [ ] Check that `run/tanks.pid` shows up.',
      '- [ ] Start the board: `node board.js`',
      '  - [ ] Open it on port **5055**.',
      '  - [ ] Check `http://127.0.0.1:5055/status` answers.',
      '  - [ ] The board only reads `plans/schedule.json`.',
    ]);
    expect(workersOf(map).map((w) => [w.name, w.pidfile, w.port, w.health, w.deps])).toEqual([
      ['tank_monitor', 'run/tanks.pid', null, null, []],
      ['taproom_board', null, 5055, 'http://127.0.0.1:5055/status', ['file:plans/schedule.json']],
    ]);
  });

  it('reads a job and its schedule from a section that names the job in code, preferring a schedule with a time', async () => {
    const map = await load([
      '| Piece | What it is | Start it with |', '|---|---|---|', '| `excise_export` | monthly job: runs, then exits | `python excise.py` |', '',
      '## Day 3 — the excise run (`excise_export`)', '',
      'The excise export is a job, not a service. It runs on the **2nd of every month at 07:00**:', '', '```', 'python excise.py', '```', '',
      'It reads `tanks/readings.json`, builds the return and writes `exports/excise.xml`.',
    ]);
    const [job] = map.model.workers;
    expect([job?.name, job?.type, job?.schedule?.text, job?.dependsOn]).toEqual(['excise_export', 'job', 'on the 2nd of every month at 07:00', ['file:tanks/readings.json']]);
    expect(filesOf(map)).toEqual([['exports/excise.xml', 'worker:excise_export', null], ['tanks/readings.json', null, null]]);
  });

  it('invents nothing: two unmarked commands, another component\'s command, a program name alone and a runbook give no worker', async () => {
    const map = await load([
      '## Services', '', '### api', '', '- Run: `node api.js --port 8080`', '',
      '## Roles', '', '| what | notes |', '|---|---|',
      '| helper | either `python helper.py --fast` or `python helper.py --slow` |',
      '| mirror | people run `node api.js --port 8080` by hand here |',
      '| pg | `postgres`, port 5433 |', '',
      '## When something looks off', '', '1. **Stale?** Is `run/api.lock` held?', '2. **Down?** Run `node api.js --port 8080` by hand.', '',
      '## Changelog', '', '- `api` moved from port 8000; its pidfile was `run/api.pid`.', '',
      '- `relay` listens on port 9000 and writes `out/relay.json`.',
    ]);
    expect(workersOf(map)).toEqual([{ name: 'api', command: 'node api.js --port 8080', port: null, pidfile: null, lock: null, health: null, type: 'daemon', deps: [] }]);
    expect(map.model.files).toEqual([]);
  });

  it('says why a name with several unmarked commands is not read as a worker', async () => {
    const map = await load(['## Tools', '', '| tool | notes |', '|---|---|', '| `helper` | either `python helper.py --fast` or `python helper.py --slow` |']);
    expect(map.model.workers).toEqual([]);
    expect(map.messages.map((m) => `${m.place.line} ${m.rule}: ${m.message}`)).toContain('5 not-a-worker: `helper` has 2 command-like values here (`python helper.py --fast`, `python helper.py --slow`) and none is marked as how it starts; it is not read as a worker');
  });

  it('takes no probe and no other component\'s command as a command: an alert heading is no worker, and says so', async () => {
    const map = await load([
      '## Components', '', '| Component | Start command | Health check | Run files |', '|---|---|---|---|',
      '| `postgres` | `postgres -D data/pg -p 5434` | `pg_isready -p 5434` | pidfile `data/pg/postmaster.pid` |',
      '| `sweeper` | `python sweep.py` | — | lock `run/sweeper.lock` |', '',
      '## Alerts', '', '### 🔴 `PG_NOT_READY` — postgres is down', '',
      '1. Confirm: `pg_isready -p 5434`.', '2. Restart with `postgres -D data/pg -p 5434`.', '',
      '### 🟠 `SWEEPER_SILENT` — no sweep for an hour', '', '1. Run `pg_isready -p 5434` first.', '',
    ]);
    expect(map.model.workers.map((w) => [w.name, w.command, w.pidfile, w.lock])).toEqual([
      ['postgres', 'postgres -D data/pg -p 5434', 'data/pg/postmaster.pid', null],
      ['sweeper', 'python sweep.py', null, 'run/sweeper.lock'],
    ]);
    expect(map.messages.filter((m) => m.rule === 'not-a-worker').map((m) => m.place.line)).toEqual([10]);
  });

  it('reads a document titled "onboarding notes", but no value from a sentence about the past', async () => {
    const map = await load([
      '# stagecue — onboarding notes', '', '| Piece | Start with |', '|---|---|', '| `stage_ui` | `npm run ui` |', '',
      '## Part 3: the booth screen', '', 'The operators watch `stage_ui`.', '', '    npm run ui', '',
      'It reads `state/cue.json`. It used to be on port 3000.', '',
    ]);
    expect(workersOf(map).map((w) => [w.name, w.port, w.deps])).toEqual([['stage_ui', null, ['file:state/cue.json']]]);
  });
});

// Every worker (with its command) and every file (with its producer) on a few corpus maps, exactly:
// the pass may only add what the map states.
describe('the proximity pass on corpus maps adds no component and no wrong command', () => {
  const corpus = join(import.meta.dirname, '../fixtures/corpus');
  const read = async (map: string) => {
    const loaded = await loadMap(join(corpus, map, 'ARCHITECTURE_MAP.md'));
    return { workers: loaded.model.workers.map((w) => [w.name, w.command]), files: loaded.model.files.map((f) => [f.path, f.producer]) };
  };

  it('H6/queuebee', async () => {
    expect(await read('H6/queuebee')).toEqual({
      workers: [['mailpoller', 'node mailpoller.js'], ['triage', 'python triage.py --model models/triage.bin'], ['helpdesk_web', 'bundle exec puma -p 3000'], ['redis', 'redis-server redis.conf'], ['sla_report', 'python sla_report.py']],
      files: [['inbox/new.jsonl', 'worker:mailpoller'], ['queue/tickets.json', 'worker:triage'], ['reports/sla.html', 'worker:sla_report']],
    });
  });

  it('A/minestack', async () => {
    expect(await read('A/minestack')).toEqual({
      workers: [['bitcoind', 'bitcoind -conf=/srv/mine/bitcoin.conf -datadir=chain'], ['pool', 'node pool/server.js'], ['share_logger', 'python share_logger.py'], ['exporter', './bin/mining_exporter --port 9100'], ['payout', 'python payout.py']],
      files: [['shares/shares.log', 'worker:share_logger'], ['payouts/ledger.csv', 'worker:payout']],
    });
  });

  it('H6/skyvane and H4/tablefeed', async () => {
    expect(await read('H6/skyvane')).toEqual({
      workers: [['ingest', 'python ingest.py --mqtt mqtt://broker:1883'], ['qc', './qc --rules qc.toml'], ['forecast_api', 'gunicorn forecast:app -b 0.0.0.0:8090'], ['rollup', 'python rollup.py']],
      files: [['data/readings.parquet', 'worker:ingest'], ['data/clean.parquet', 'worker:qc'], ['data/hourly.csv', 'worker:rollup']],
    });
    expect(await read('H4/tablefeed')).toEqual({
      workers: [['pos_bridge', 'node pos-bridge.js'], ['kitchen_display', 'python kds.py --screen 2'], ['inventory', 'ruby inventory.rb'], ['daily_close', 'python close_day.py']],
      files: [['orders/open.json', 'worker:pos_bridge'], ['stock/levels.csv', 'worker:inventory'], ['reports/close.pdf', 'worker:daily_close']],
    });
  });
});
