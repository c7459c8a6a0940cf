import { describe, expect, it } from 'vitest';
import { nextRunAt, parseRestartPolicy, parseSchedule } from '../../src/map/job-schedule.js';
import { loadMapText } from '../../src/map/load-map.js';
import { formatMessage } from '../../src/map/messages.js';

describe('job schedules', () => {
  it('reads every N, hourly, daily at HH:MM and cron expressions', () => {
    expect(parseSchedule('every 24h')).toEqual({ ok: true, value: { text: 'every 24h', everyMs: 86_400_000, cron: null } });
    expect(parseSchedule('hourly')).toMatchObject({ ok: true, value: { everyMs: 3_600_000 } });
    expect(parseSchedule('daily at 03:00')).toMatchObject({ ok: true, value: { cron: '0 3 * * *' } });
    expect(parseSchedule('*/15 * * * *')).toMatchObject({ ok: true, value: { cron: '*/15 * * * *' } });
    expect(parseSchedule('daily at 25:00')).toMatchObject({ ok: false });
    const utc = parseSchedule('daily at 03:00 UTC');
    if (!utc.ok) throw new Error(utc.message);
    expect(new Date(nextRunAt(utc.value, Date.parse('2026-11-28T10:00:00Z'))).toISOString()).toBe('2026-11-29T03:00:00.000Z');
    expect(parseSchedule('whenever')).toEqual({ ok: false, message: 'Expected a schedule such as `every 24h`, `hourly`, `daily at 03:00` or a cron expression `0 3 * * *`, got `whenever`' });
  });

  it('makes a job never run due at once, and catches up a missed run only once', () => {
    const daily = parseSchedule('every 24h');
    if (!daily.ok) throw new Error(daily.message);
    expect(nextRunAt(daily.value, null)).toBe(0);
    const threeDaysAgo = Date.now() - 3 * 86_400_000;
    // Three slots were missed: it is due now, and after the catch-up run the next is a day later.
    expect(nextRunAt(daily.value, threeDaysAgo)).toBeLessThan(Date.now());
    const caughtUpAt = Date.now();
    expect(nextRunAt(daily.value, caughtUpAt)).toBe(caughtUpAt + 86_400_000);
    const cron = parseSchedule('daily at 03:00');
    if (!cron.ok) throw new Error(cron.message);
    const next = new Date(nextRunAt(cron.value, Date.parse('2026-11-28T10:00:00')));
    expect([next.getDate(), next.getHours(), next.getMinutes()]).toEqual([29, 3, 0]);
  });

  it('reads restart policies', () => {
    expect(parseRestartPolicy('on failure')).toEqual({ ok: true, value: 'on-failure' });
    expect(parseRestartPolicy('never')).toEqual({ ok: true, value: 'never' });
    expect(parseRestartPolicy('sometimes')).toMatchObject({ ok: false });
  });

  it('makes a worker with a schedule a job that restarts on failure, and reports a bad schedule with its place', async () => {
    const map = await loadMapText('## Workers\n| Worker | Command | Schedule | Restart |\n|---|---|---|---|\n| nightly | `node n.js` | daily at 03:00 | — |\n| api | `node a.js` | — | never |\n| bad | `node b.js` | at noon | — |\n');
    expect(map.model.workers.map((w) => [w.name, w.type, w.restart])).toEqual([['nightly', 'job', 'on-failure'], ['api', 'daemon', 'never'], ['bad', 'daemon', 'always']]);
    expect(map.messages.map((m) => formatMessage('MAP.md', m))).toEqual(['MAP.md:6:21: warning: Expected a schedule such as `every 24h`, `hourly`, `daily at 03:00` or a cron expression `0 3 * * *`, got `at noon` [unread-schedule]']);
  });
});
