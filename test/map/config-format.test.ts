import { describe, expect, it } from 'vitest';
import { pickConfigFormat } from '../../src/map/config-format.js';
import { runCli } from '../helpers/run-cli.js';
import { TempProject } from '../helpers/temp-project.js';

describe('picking a config format', () => {
  it.each([
    ['config/app.json', 'json'], ['tsconfig.jsonc', 'jsonc'], ['a.yaml', 'yaml'], ['a.YML', 'yaml'], ['pyproject.toml', 'toml'],
    ['setup.cfg', 'ini'], ['php.ini', 'ini'], ['.env', 'env'], ['.env.local', 'env'], ['deploy/prod.env', 'env'],
    ['redis/redis.conf', 'key-value'], ['nginx/nginx.conf', 'opaque'], ['etc/nginx.conf', 'opaque'], ['app.properties', 'properties'], ['app.xml', 'opaque'], ['Makefile', 'opaque'],
  ])('%s is %s', (path, format) => {
    expect(pickConfigFormat(path, null).format).toBe(format);
  });

  it('a declared format wins over the extension', () => {
    expect(pickConfigFormat('settings.conf', 'yaml')).toEqual({ format: 'yaml', from: 'declared' });
  });
});

describe('lint says which format it picked', () => {
  it('for each config, with why, and warns when fields cannot be read', async () => {
    const project = new TempProject({
      'ARCHITECTURE_MAP.md': '## Configs\n\n### conf/app.settings\n- format: YAML\n- port: integer\n\n### redis.conf\n- port: integer\n\n### nginx/nginx.conf\n- validate with: `nginx -t -c {path}`\n\n### app.xml\n- port: integer\n',
    });
    try {
      const result = await runCli(['lint'], { cwd: project.dir });
      expect(result.stderr.split('\n')).toEqual([
        'ARCHITECTURE_MAP.md:13:1: warning: healmap does not read `app.xml` (unknown extension .xml) and never rewrites it, so its fields are not checked; declare `format:` (json, jsonc, yaml, toml, ini, env, key-value, properties) or `validate with:` a command [fields-not-read]',
        'ARCHITECTURE_MAP.md: config `conf/app.settings`: yaml (declared)',
        'ARCHITECTURE_MAP.md: config `redis.conf`: key-value (extension .conf)',
        'ARCHITECTURE_MAP.md: config `nginx/nginx.conf`: validated only (file name nginx.conf) with `nginx -t -c {path}`; never rewritten',
        'ARCHITECTURE_MAP.md: config `app.xml`: validated only (unknown extension .xml), no `validate with` command; never rewritten',
        'ARCHITECTURE_MAP.md: 0 errors, 1 warning (0 workers, 0 files, 4 configs, 0 edges)',
        '',
      ]);
      expect(result.code).toBe(0);
    } finally {
      await project.cleanup();
    }
  });
});
