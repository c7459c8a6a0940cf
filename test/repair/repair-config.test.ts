import { chownSync, chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runHealCycle } from '../../src/agent/heal-cycle.js';
import { loadMap } from '../../src/map/load-map.js';
import { healProject } from '../helpers/heal-project.js';
import { TempProject } from '../helpers/temp-project.js';

let project: TempProject;
afterEach(() => project.cleanup());

const heal = () => healProject(project);

const mode = (relative: string): number => statSync(project.path(relative)).mode & 0o777;
const backups = (): string[] => (existsSync(project.path('.healmap/backups')) ? readdirSync(project.path('.healmap/backups')) : []);

function configMap(path: string, fields: string, extra = ''): string {
  return `## Configs\n\n### ${path}\n${extra}${fields}\n`;
}

describe('repairing one field changes nothing else', () => {
  const map = configMap('config/app.json', '- ratio: number, range 0..1, default 0.5\n- port: integer, default 8080');

  it.each([
    ['big integers, 1e400, duplicate keys and a compact layout', '{"ratio":7,"id":12345678901234567890,"huge":1e400,"dup":1,"dup":2,"port":1}', '{"ratio":0.5,"id":12345678901234567890,"huge":1e400,"dup":1,"dup":2,"port":1}'],
    ['a UTF-8 byte order mark', '\uFEFF{\n  "ratio": "high",\n  "port": 1\n}\n', '\uFEFF{\n  "ratio": 0.5,\n  "port": 1\n}\n'],
    ['odd spacing and inline arrays', '{ "port" : 1 ,\n  "list":[1,2,3],   "ratio" :   2 }', '{ "port" : 1 ,\n  "list":[1,2,3],   "ratio" :   0.5 }'],
  ])('keeps %s', async (_, before, after) => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': map, 'config/app.json': before });
    const result = await heal();
    expect(result.executed.map((e) => [e.action.kind, e.result])).toEqual([['repair-config', 'succeeded']]);
    expect(readFileSync(project.path('config/app.json'), 'utf8')).toBe(after);
    expect(result.after.status).toBe('ok');
  });

  it('accepts a valid config that starts with a byte order mark', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': map, 'config/app.json': '\uFEFF{"ratio": 0.2, "port": 1}' });
    const result = await heal();
    expect(result.before.status).toBe('ok');
    expect(result.executed).toEqual([]);
    expect(readFileSync(project.path('config/app.json'), 'utf8')).toBe('\uFEFF{"ratio": 0.2, "port": 1}');
  });

  it('escalates instead of editing a field written twice, leaving the file as it was', async () => {
    const text = '{"ratio": 0.1, "port": 1, "ratio": 9}';
    project = new TempProject({ 'ARCHITECTURE_MAP.md': map, 'config/app.json': text });
    const result = await heal();
    expect(result.executed[0]).toMatchObject({ result: 'failed', detail: expect.stringMatching(/left unchanged: cannot change `ratio` safely \(`ratio` appears more than once/) });
    expect(readFileSync(project.path('config/app.json'), 'utf8')).toBe(text);
    expect(backups()).toEqual([]);
  });

  it('never rebuilds an unparsable file into one still broken: a required field without a default leaves it as it is', async () => {
    // A .json file with a comment does not parse; `{}` from the defaults would lack `rpc_port`.
    const text = '{\n  // the daemon port\n  "rpc_port": 8331\n}\n';
    project = new TempProject({ 'ARCHITECTURE_MAP.md': configMap('pool.json', '- rpc_port: integer, required\n- label: string, default "main"'), 'pool.json': text });
    const result = await heal();
    expect(result.executed[0]).toMatchObject({ result: 'failed', detail: expect.stringMatching(/cannot be rebuilt from the map's defaults \(`rpc_port` is required with no default\)/) });
    expect(readFileSync(project.path('pool.json'), 'utf8')).toBe(text);
    expect(backups()).toEqual([]);
  });
});

describe('a repaired config keeps its mode and owner', () => {
  it('0600 stays 0600 for the config, its backup and its good copy; the owner stays', async () => {
    project = new TempProject({
      'ARCHITECTURE_MAP.md': configMap('secrets.json', '- token: string\n- port: integer, default 8080'),
      'secrets.json': '{"token": "s3cret", "port": 1}\n',
    });
    chmodSync(project.path('secrets.json'), 0o600);
    chownSync(project.path('secrets.json'), 65534, 65534);
    await heal();
    expect(readdirSync(project.path('.healmap/good')).map((f) => mode(`.healmap/good/${f}`))).toEqual([0o600]);
    project.write('secrets.json', '{"token": "s3cret", "port": "x"}\n');
    const result = await heal();
    expect(result.executed.map((e) => e.result)).toEqual(['succeeded']);
    expect(readFileSync(project.path('secrets.json'), 'utf8')).toBe('{"token": "s3cret", "port": 1}\n');
    expect(mode('secrets.json')).toBe(0o600);
    expect(statSync(project.path('secrets.json'))).toMatchObject({ uid: 65534, gid: 65534 });
    expect(backups().map((f) => mode(`.healmap/backups/${f}`))).toEqual([0o600]);
  });
});

describe('configs in their own formats', () => {
  it.each([
    ['config/app.yaml', '# app\nserver:\n  port: "eighty" # http\n  host: x\nlist: [1, 2]\n', '# app\nserver:\n  port: 8080 # http\n  host: x\nlist: [1, 2]\n'],
    ['config/app.toml', '# app\n[server]\nport = "eighty" # http\nhost = "x"\n', '# app\n[server]\nport = 8080 # http\nhost = "x"\n'],
    ['config/app.ini', '; app\n[server]\nport = eighty ; http\nhost = x\n', '; app\n[server]\nport = 8080 ; http\nhost = x\n'],
    ['config/app.cfg', '[server]\nhost = x\n', '[server]\nhost = x\nport = 8080\n'],
  ])('%s: the bad field is fixed in place, comments and layout kept', async (path, before, after) => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': configMap(path, '- server.port: integer, range 1..65535, default 8080'), [path]: before });
    const result = await heal();
    expect(result.before.components[0]?.problems.map((p) => p.code)).toEqual([before.includes('port') ? 'config-field-wrong-type' : 'config-field-missing']);
    expect(readFileSync(project.path(path), 'utf8')).toBe(after);
    expect(result.after.status).toBe('ok');
  });

  it('.env and key value files: one line changes', async () => {
    project = new TempProject({
      'ARCHITECTURE_MAP.md': `${configMap('.env', '- PORT: integer, default 3000')}\n${configMap('redis.conf', '- port: integer, range 1..65535, default 6400\n- appendonly: boolean, default false')}`,
      '.env': '# env\nexport PORT=abc # http\nNAME="my app"\n',
      'redis.conf': '# Redis\nbind 127.0.0.1\nport 99999\nsave 900 1\nsave 300 10\n',
    });
    const result = await heal();
    expect(result.after.status).toBe('ok');
    expect(readFileSync(project.path('.env'), 'utf8')).toBe('# env\nexport PORT=3000 # http\nNAME="my app"\n');
    expect(readFileSync(project.path('redis.conf'), 'utf8')).toBe('# Redis\nbind 127.0.0.1\nport 6400\nsave 900 1\nsave 300 10\nappendonly no\n');
  });

  it('Java .properties files: a dotted key is one field; its line changes, comments and continued lines stay', async () => {
    const text = '# planner\n! tuned by ops\nplanner.horizon.hours = abc\nplanner.hosts = a, \\\n    b\n';
    project = new TempProject({
      'ARCHITECTURE_MAP.md': configMap('conf/planner.properties', '- planner.horizon.hours: integer, range 1..168, default 48\n- planner.retries: integer, default 3'),
      'conf/planner.properties': text,
    });
    const result = await heal();
    expect(result.after.status).toBe('ok');
    expect(readFileSync(project.path('conf/planner.properties'), 'utf8')).toBe(`${text.replace('= abc', '= 48')}planner.retries=3\n`);
  });

  it('a .properties key written bare (no `=` or `:`) is left alone, and the history says so with its file and line', async () => {
    const text = '# planner\nplanner.horizon.hours = 48\nplanner.retries\n';
    project = new TempProject({
      'ARCHITECTURE_MAP.md': configMap('conf/planner.properties', '- planner.horizon.hours: integer, default 48\n- planner.retries: integer, default 3'),
      'conf/planner.properties': text,
    });
    const result = await heal();
    expect(result.executed.map((e) => [e.action.kind, e.result])).toEqual([['repair-config', 'failed']]);
    expect(result.executed[0]?.detail).toBe('left unchanged: cannot change `planner.retries` safely (conf/planner.properties:3: `planner.retries` is a bare key (no `=`, `:` or value after it, so Java reads it as empty); healmap does not rewrite the line around it); left for a human');
    expect(readFileSync(project.path('conf/planner.properties'), 'utf8')).toBe(text);
  });

  it('an unparsable TOML file is reported with its line, as TOML', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': configMap('app.toml', '- port: integer'), 'app.toml': 'a = 1\nport = \n' });
    const map = await loadMap(project.path('ARCHITECTURE_MAP.md'));
    const result = await runHealCycle(map, { dryRun: true });
    expect(result.before.components[0]?.problems).toMatchObject([{ code: 'config-unparsable', message: expect.stringMatching(/^does not parse as toml at line 2/) }]);
  });
});

describe('a format healmap cannot edit is validated only, never rewritten', () => {
  it('nginx.conf is checked with `nginx -t`, and a broken one is escalated with the file and backups untouched', async () => {
    const logs = 'error_log /dev/null; pid /dev/null;';
    const good = `${logs}\nevents {}\nhttp { server { listen 127.0.0.1:1; } }\n`;
    project = new TempProject({
      'ARCHITECTURE_MAP.md': '## Configs\n\n### nginx/nginx.conf\n- validate with: `nginx -q -t -c {path} -g "daemon off;"`\n- port: integer, default 80\n',
      'nginx/nginx.conf': good,
    });
    let result = await heal();
    expect(result.before.status).toBe('ok');
    expect(existsSync(project.path('.healmap/good'))).toBe(false);
    const broken = `${logs}\nevents {}\nhttp { server { listen 127.0.0.1:1; bogus_directive on; } }\n`;
    project.write('nginx/nginx.conf', broken);
    result = await heal();
    expect(result.before.components[0]?.problems).toMatchObject([{ code: 'config-check-failed', message: expect.stringMatching(/unknown directive "bogus_directive"/) }]);
    expect(result.executed.map((e) => [e.action.kind, e.result])).toEqual([['escalate', 'escalated']]);
    expect(readFileSync(project.path('nginx/nginx.conf'), 'utf8')).toBe(broken);
    expect(backups()).toEqual([]);
  });

  it('a file with an unknown extension is never written, even when missing or failing its check', async () => {
    project = new TempProject({
      'ARCHITECTURE_MAP.md': '## Configs\n\n### app.xml\n- validate with: `grep -q ^port= {path}`\n',
      'app.xml': 'host=x\n',
    });
    const result = await heal();
    expect(result.before.components[0]?.problems.map((p) => p.code)).toEqual(['config-check-failed']);
    expect(result.executed.map((e) => e.action.kind)).toEqual(['escalate']);
    expect(readFileSync(project.path('app.xml'), 'utf8')).toBe('host=x\n');
    expect(backups()).toEqual([]);
  });

  it('a `validate with` command that hangs is killed at its timeout and fails the check', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': '## Configs\n\n### app.conf.d\n- validate with: `sleep 600`\n', 'app.conf.d': 'x\n' });
    const map = await loadMap(project.path('ARCHITECTURE_MAP.md'));
    const result = await runHealCycle(map, { dryRun: true });
    expect(result.before.components[0]?.problems).toMatchObject([{ code: 'config-check-failed', message: expect.stringMatching(/did not finish within 10s/) }]);
  }, 30_000);
});

describe('where the last good copies live', () => {
  it('keeps good copies beside the state, never wider than the config', async () => {
    project = new TempProject({ 'ARCHITECTURE_MAP.md': configMap('a.yaml', '- port: integer'), 'a.yaml': 'port: 1\n' });
    chmodSync(project.path('a.yaml'), 0o640);
    await heal();
    const copies = readdirSync(project.path('.healmap/good'));
    expect(copies.map((f) => [readFileSync(join(project.path('.healmap/good'), f), 'utf8'), mode(`.healmap/good/${f}`)])).toEqual([['port: 1\n', 0o640]]);
  });
});
