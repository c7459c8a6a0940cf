import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';

// Jobs and schedules stated in prose and cells rather than in a Schedule column.
const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-job-prose/ARCHITECTURE_MAP.md' });
type Loaded = Awaited<ReturnType<typeof load>>;
const jobs = (map: Loaded) => map.model.workers.map((w) => [w.name, w.type, w.schedule?.cron ?? null]);

describe('jobs and schedules in prose', () => {
  it('reads a schedule written beside the command in a table cell as a job\'s', async () => {
    const map = await load([
      '## Everything at a glance', '', '| unit | launch |', '|---|---|',
      '| `gateway` | `./gateway` |', '| `compactor` | `./compact --all` (Tuesdays 02:30) |', '| `mailer` | `python mail.py` (see notes) |', '',
    ].join('\n'));
    expect(jobs(map)).toEqual([['gateway', 'daemon', null], ['compactor', 'job', '30 2 * * 2'], ['mailer', 'daemon', null]]);
  });

  it('reads a "Runs:" bullet holding a command as the command, and a precise schedule over a cadence word', async () => {
    const map = await load([
      '## Quarterly close (`ledger_close`)', '', 'Not a daemon: it runs once and exits.', '',
      '- **When:** on the **5th of every month at 06:15**', '- **Runs:** `python close.py`', '',
      '## Summary', '', '| unit | kind | launch |', '|---|---|---|', '| `ledger_close` | monthly job | `python close.py` |', '',
    ].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(map.model.workers.map((w) => [w.name, w.command, w.type, w.schedule?.cron ?? null])).toEqual([['ledger_close', 'python close.py', 'job', '15 6 5 * *']]);
    expect(map.messages.map((m) => m.message)).toContain('The schedule of worker `ledger_close` is `monthly` here but `on the 5th of every month at 06:15` at ARCHITECTURE_MAP.md:5:3; using `on the 5th of every month at 06:15`, the more precise schedule');
  });

  it('reads a component that runs and then exits as a job, one that only exits on failure as a daemon', async () => {
    const map = await load([
      '## Pieces', '',
      '### `thumbs`', '', 'Started with `./thumbs`. It runs until the queue is empty and then exits; cron starts it every 10 minutes.', '',
      '### `relay`', '', 'Started with `./relay`, which writes `relay/out.log`. When it loses the broker it logs the error and exits.', '',
    ].join('\n'));
    expect(jobs(map)).toEqual([['thumbs', 'job', null], ['relay', 'daemon', null]]);
    expect(map.model.workers[0]?.schedule?.everyMs).toBe(600_000);
  });
});
