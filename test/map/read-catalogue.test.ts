import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';

// Component catalogues pasted as YAML, JSON or TOML blocks, in shapes and key names of their own.
const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-catalogue/ARCHITECTURE_MAP.md' });
const errors = (map: Awaited<ReturnType<typeof load>>) => map.messages.filter((m) => m.severity === 'error').map((m) => m.message);
const warnings = (map: Awaited<ReturnType<typeof load>>) => map.messages.filter((m) => m.severity === 'warning').map((m) => `${m.place.line}: ${m.message}`);
const workers = (map: Awaited<ReturnType<typeof load>>) => map.model.workers.map((w) => ({
  name: w.name, command: w.command, type: w.type, schedule: w.schedule?.text ?? null, port: w.port, pidfile: w.pidfile, lock: w.lock,
  health: w.health?.target ?? null, dependsOn: w.dependsOn, produces: w.produces,
}));
const files = (map: Awaited<ReturnType<typeof load>>) => map.model.files.map((f) => [f.path, f.producer, f.freshWithinMs]);
const fence = (lang: string, lines: string[]) => ['```' + lang, ...lines, '```', ''];

describe('a YAML list of named mappings', () => {
  const text = ['# depot', '', '## What runs', '',
    ...fence('yaml', [
      '- name: importer',
      '  kind: job',
      '  schedule: "every 4 hours"   # cron: 0 */4 * * *',
      '  exec: python import.py',
      '  upstream:',
      '    - supplier feed            # external, pull',
      '  outputs:',
      '    - path: data/stock.csv',
      '      max_age: 5h',
      '- name: api',
      '  kind: service',
      '  start: node api.js --port 7100',
      '  port: 7100',
      '  liveness: http://127.0.0.1:7100/ping',
      '  needs: [importer, data/stock.csv]',
      '  pid: run/api.pid',
    ])].join('\n');

  it('reads each entry by the shape of its values, whatever its keys are called', async () => {
    const map = await load(text);
    expect(errors(map)).toEqual([]);
    expect(workers(map)).toEqual([
      { name: 'importer', command: 'python import.py', type: 'job', schedule: 'every 4 hours', port: null, pidfile: null, lock: null, health: null, dependsOn: [], produces: ['file:data/stock.csv'] },
      { name: 'api', command: 'node api.js --port 7100', type: 'daemon', schedule: null, port: 7100, pidfile: 'run/api.pid', lock: null, health: 'http://127.0.0.1:7100/ping', dependsOn: ['worker:importer', 'file:data/stock.csv'], produces: [] },
    ]);
    expect(files(map)).toEqual([['data/stock.csv', 'worker:importer', 5 * 3_600_000]]);
  });

  it('reads an item noted `# external` as an outside system, never as a component', async () => {
    const map = await load(text);
    expect(map.model.workers.map((w) => w.name)).not.toContain('supplier feed');
    expect(warnings(map).join('\n')).not.toMatch(/supplier feed/);
  });

  it('keeps the line of each fact for explain', async () => {
    const map = await load(text);
    const fact = (component: string, name: string) => map.model.facts?.find((f) => f.component === component && f.fact === name)?.place.line;
    expect([fact('worker:importer', 'command'), fact('worker:api', 'port'), fact('worker:api', 'health')]).toEqual([9, 18, 19]);
  });
});

describe('a mapping of named mappings under any key', () => {
  it('reads components, their outputs with a unit taken from the key, and the outside systems beside them', async () => {
    const map = await load(['## Catalogue', '',
      ...fence('yaml', [
        'system: orchard',
        'outside:',
        '  weather-api: "forecast service"',
        'components:',
        '  collector:',
        '    run: ./collector --bus can0',
        '    writes:',
        '      - path: state/readings.csv',
        '        fresh_s: 120',
        '    calls: [outside.weather-api]',
        '  planner:',
        '    run: python plan.py',
        '    needs: [collector]',
        '    reads: [state/readings.csv]',
        '    lock: run/plan.lock',
        '    calls: [weather-api]',
      ])].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(workers(map).map((w) => [w.name, w.command, w.lock, w.dependsOn])).toEqual([
      ['collector', './collector --bus can0', null, []],
      ['planner', 'python plan.py', 'run/plan.lock', ['worker:collector', 'file:state/readings.csv']],
    ]);
    expect(files(map)).toEqual([['state/readings.csv', 'worker:collector', 120_000]]);
    expect(map.model.workers.map((w) => w.name)).not.toContain('weather-api');
  });

  it('says why a number with no unit is not read as a freshness limit', async () => {
    const map = await load(['## Catalogue', '', ...fence('yaml', ['collector:', '  run: ./collector --bus can0', '  outputs:', '    - path: state/r.csv', '      max_age: 300'])].join('\n'));
    expect(files(map)).toEqual([['state/r.csv', 'worker:collector', null]]);
    expect(warnings(map)).toContain('8: Expected a duration with a unit for `max_age` (`300s`, `5 min`, or a key such as `fresh_s`); the freshness of `state/r.csv` is not read');
  });
});

describe('Docker Compose', () => {
  const compose = ['## Local stack', '',
    ...fence('yaml', [
      'name: shop',
      'services:',
      '  web:',
      '    command: ["gunicorn", "shop.wsgi", "--bind", "0.0.0.0:8000"]',
      '    ports:',
      '      - "8080:8000"',
      '    healthcheck:',
      '      test: ["CMD", "curl", "-f", "http://127.0.0.1:8000/health"]',
      '      interval: 30s',
      '      retries: 3',
      '    depends_on:',
      '      db:',
      '        condition: service_healthy',
      '  db:',
      '    image: postgres:16',
      '    healthcheck:',
      '      test: ["CMD-SHELL", "pg_isready -U shop"]',
      'volumes:',
      '  pgdata: {}',
    ])].join('\n');

  it('reads command lists, the host side of ports, healthcheck.test and depends_on in map form', async () => {
    const map = await load(compose);
    const web = map.model.workers.find((w) => w.name === 'web');
    expect(web).toMatchObject({ command: 'gunicorn shop.wsgi --bind 0.0.0.0:8000', port: 8080, health: { kind: 'command', target: 'curl -f http://127.0.0.1:8000/health', periodMs: 30_000, failureThreshold: 3 } });
  });

  it('says that a service with only an image is not read as a worker', async () => {
    const map = await load(compose);
    expect(map.model.workers.map((w) => w.name)).toEqual(['web']);
    expect(warnings(map).some((w) => /^17: `db` is described here but no command is given for it anywhere/.test(w))).toBe(true);
  });
});

describe('other shapes and formats', () => {
  it('reads one named mapping per block, merged with the prose under its heading', async () => {
    const map = await load(['## Components', '', '### ledger', '', 'Listens on port 9100 and keeps `run/ledger.pid`.', '',
      ...fence('yaml', ['name: ledger', 'kind: daemon', 'run: ./ledger -c ledger.toml', 'port: 9101']),
      '### sweeper', '', ...fence('yaml', ['name: sweeper', 'kind: job', 'schedule: every 30 minutes', 'run: python sweep.py', 'depends_on: [ledger]'])].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(workers(map).map((w) => [w.name, w.command, w.port, w.type, w.schedule, w.dependsOn])).toEqual([
      ['ledger', './ledger -c ledger.toml', 9101, 'daemon', null, ['config:ledger.toml']],
      ['sweeper', 'python sweep.py', null, 'job', 'every 30 minutes', ['worker:ledger']],
    ]);
    // The block is the more structured source: its port wins, and the contradiction is said.
    expect(warnings(map)).toContain('5: The port of worker `ledger` is `9100` here but `9101` at ARCHITECTURE_MAP.md:11:1; using `9101`');
  });

  it('reads Backstage-style documents: metadata.name, spec and dependsOn references', async () => {
    const map = await load(['## Catalog', '', ...fence('yaml', [
      'apiVersion: backstage.io/v1alpha1', 'kind: Component', 'metadata:', '  name: billing', 'spec:', '  type: service', '  entrypoint: java -jar billing.jar', '  dependsOn:', '    - component:default/ledger',
      '---', 'apiVersion: backstage.io/v1alpha1', 'kind: Component', 'metadata:', '  name: ledger', 'spec:', '  type: service', '  entrypoint: ./ledger --port 9100'])].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(workers(map).map((w) => [w.name, w.command, w.dependsOn])).toEqual([['billing', 'java -jar billing.jar', ['worker:ledger']], ['ledger', './ledger --port 9100', []]]);
  });

  it('reads a JSON catalogue by its content when the fence names no language', async () => {
    const map = await load(['## Processes', '', ...fence('', ['{', '  "workers": [', '    { "id": "feeder", "cmd": ["node", "feed.js"], "port": 3010, "produces": ["out/feed.json"] },', '    { "id": "reader", "cmd": "node read.js", "inputs": ["out/feed.json"] }', '  ]', '}'])].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(workers(map).map((w) => [w.name, w.command, w.port, w.dependsOn, w.produces])).toEqual([
      ['feeder', 'node feed.js', 3010, [], ['file:out/feed.json']],
      ['reader', 'node read.js', null, ['file:out/feed.json'], []],
    ]);
  });

  it('reads TOML tables and arrays of tables, with the note of each line', async () => {
    const map = await load(['## Processes', '', ...fence('toml', [
      '[[service]]', 'name = "gateway"', 'exec = "caddy run --config Caddyfile"', 'port = 8443  # TLS',
      '', '[[service]]', 'name = "rollup"', 'command = "python rollup.py"', 'kind = "job"', 'when = "daily at 02:30"', 'lockfile = "run/rollup.lock"'])].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(workers(map).map((w) => [w.name, w.command, w.port, w.type, w.schedule, w.lock])).toEqual([
      ['gateway', 'caddy run --config Caddyfile', 8443, 'daemon', null, null],
      ['rollup', 'python rollup.py', null, 'job', 'daily at 02:30', 'run/rollup.lock'],
    ]);
    expect(map.model.facts?.find((f) => f.component === 'worker:rollup' && f.fact === 'command')?.place.line).toBe(11);
  });
});

describe('no invented facts', () => {
  it('reads a config\'s contents in its own section as fields, never as workers', async () => {
    const map = await load(['## Configuration: `conf/app.yaml`', '', ...fence('yaml', ['database:', '  host: db.local', '  port: 5432', 'hooks:', '  notify:', '    command: ./notify.sh --all'])].join('\n'));
    expect(map.model.workers).toEqual([]);
    expect(map.model.configs[0]?.fields.map((f) => f.name)).toEqual(['database.host', 'database.port', 'hooks.notify.command']);
  });

  it('does not read a nested mapping of settings, or an example output, as components', async () => {
    const map = await load(['## Notes', '', 'A settings block:', '', ...fence('yaml', ['database:', '  host: db.local', '  port: 5432', 'cache:', '  ttl: 30s', '  dir: cache/']),
      'What `out/lockers.json` looks like:', '', ...fence('json', ['[', '  { "id": "L1", "door": "open", "updated": "2024-05-01T10:00:00Z" },', '  { "id": "L2", "door": "closed", "updated": "2024-05-01T10:00:05Z" }', ']'])].join('\n'));
    expect(map.model.workers).toEqual([]);
    expect(map.messages.filter((m) => m.rule === 'not-a-worker')).toEqual([]);
  });

  it('warns where entries look like components but none says how to start', async () => {
    const map = await load(['## Jobs', '', ...fence('yaml', ['- name: nightly', '  schedule: daily', '  outputs: [out/n.csv]', '- name: weekly', '  schedule: weekly', '  outputs: [out/w.csv]'])].join('\n'));
    expect(map.model.workers).toEqual([]);
    expect(warnings(map)).toContain('4: Expected a command in at least one of these entries (`nightly`, `weekly`): a `command`, `run` or `exec` key or a command line as a value; they are not read as workers');
  });
});
