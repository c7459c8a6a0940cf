import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { readCrontab } from '../../src/map/read-crontab.js';

const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-crontab/ARCHITECTURE_MAP.md' });

describe('crontab lines in a map', () => {
  it('reads every line as a job named after its script, with a header comment and variables skipped', () => {
    const jobs = readCrontab('', ['# m  h  dom mon dow  command', 'MAILTO=ops@example.org', '  0  21 *   *   *    cd /srv/app && python harvest_log.py', '*/15 * * * * flock run/sync.lock ./bin/sync-orders.sh >> logs/sync.log 2>&1', '@hourly nice -n 10 node rollup.js'].join('\n'), null);
    expect(jobs?.map((j) => [j.name, j.line, j.keys, j.produces])).toEqual([
      ['harvest_log', 2, [['command', 'python harvest_log.py'], ['schedule', '0 21 * * *'], ['type', 'job']], []],
      ['sync-orders', 3, [['command', 'flock run/sync.lock ./bin/sync-orders.sh >> logs/sync.log 2>&1'], ['schedule', '*/15 * * * *'], ['type', 'job']], [{ path: 'logs/sync.log', freshness: null }]],
      ['rollup', 4, [['command', 'nice -n 10 node rollup.js'], ['schedule', '@hourly'], ['type', 'job']], []],
    ]);
  });

  it('names a single line after the component the sentence before it leads with', () => {
    expect(readCrontab('cron', '30 2 * * 1 ./backup --full', 'weekly_backup')?.[0]?.name).toBe('weekly_backup');
  });

  it('reads /etc/crontab\'s user field as the account, not as the command', () => {
    expect(readCrontab('', '15 3 * * * root /usr/local/bin/backup --full', null)?.map((j) => [j.name, j.keys])).toEqual([
      ['backup', [['command', '/usr/local/bin/backup --full'], ['schedule', '15 3 * * *'], ['type', 'job'], ['user', 'root']]],
    ]);
  });

  it('is not a crontab when any line is something else', () => {
    expect(readCrontab('', ['0 3 * * * ./a.sh', 'this line is prose'].join('\n'), null)).toBeNull();
    expect(readCrontab('', 'web: node web.js', null)).toBeNull();
    expect(readCrontab('yaml', '0 3 * * * ./a.sh', null)).toBeNull();
  });

  it('makes each line a job of the map with its schedule and the log it appends to', async () => {
    const map = await load(['## Cron', '', 'One scheduled job.', '', '```', '# m h dom mon dow command', '0 21 * * * python harvest_log.py >> logs/harvest.log 2>&1', '```', ''].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(map.model.workers.map((w) => [w.name, w.type, w.schedule?.cron ?? null, w.produces, w.place.line])).toEqual([['harvest_log', 'job', '0 21 * * *', ['file:logs/harvest.log'], 7]]);
  });
});
