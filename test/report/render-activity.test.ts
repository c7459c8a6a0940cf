import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readHistoryTail, readLogTail } from '../../src/report/gather-activity.js';
import { renderActivity } from '../../src/report/render-activity.js';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('the dashboard activity', () => {
  it('escapes names, reasons, commands and log lines', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const html = renderActivity({
      timeline: [{ time: '2026-01-01T00:00:00.000Z', component: `worker:${evil}`, problem: 'p', rootCause: null, action: 'restart-worker', attempt: 1, result: 'failed', durationMs: 1500, reason: `why ${evil}`, detail: `&${evil}`, stateBefore: 'dead', stateAfter: 'dead' }],
      workers: [{ id: `worker:${evil}`, name: evil, restarts: 3, uptimeSeconds: 90, attempts: 1, nextStep: 'rollback', nextAttemptAt: 61_000, escalated: false, logLines: [`</pre>${evil}`] }],
      escalations: [{ id: `worker:${evil}`, name: evil, since: 0, reason: evil, command: `healmap resolve '${evil}'` }],
    }, 1000);
    expect(html).not.toContain('<img');
    expect(html).toContain('<pre class="log">&lt;/pre&gt;&lt;img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<code class="resolve">healmap resolve &#39;&lt;img src=x onerror=alert(1)&gt;&#39;</code>');
    expect(html).toContain('in 1m 0s');
    expect(html).toContain('rollback (attempt 2)');
    expect(html).toContain('1.5 s');
  });

  it('shows the retry ahead of an escalated worker: escalation never ends the retries', () => {
    const html = renderActivity({
      timeline: [],
      workers: [{ id: 'worker:api', name: 'api', restarts: 4, uptimeSeconds: null, attempts: 3, nextStep: 'restart', nextAttemptAt: 61_000, escalated: true, logLines: [] }],
      escalations: [{ id: 'worker:api', name: 'api', since: 0, reason: 'the repair ladder is exhausted after 3 attempts', command: 'healmap resolve api' }],
    }, 1000);
    expect(html).toContain('<td>in 1m 0s</td><td>escalated after 3 attempts; next restart (attempt 4)</td>');
    expect(html).not.toContain('none until resolved');
  });

  it('reads only the tail of the trail and of a log, dropping a partial first line', async () => {
    dir = mkdtempSync(join(tmpdir(), 'healmap-activity-'));
    const entry = (i: number): string => JSON.stringify({ time: new Date(i * 1000).toISOString(), component: 'worker:w', action: 'restart-worker', result: 'succeeded', n: i });
    writeFileSync(join(dir, 'history.jsonl'), `${Array.from({ length: 200 }, (_, i) => entry(i)).join('\n')}\n`);
    const tail = await readHistoryTail(join(dir, 'history.jsonl'), 1000);
    expect(tail.length).toBeGreaterThan(3);
    expect(tail.length).toBeLessThan(20);
    expect(tail.at(-1)).toMatchObject({ n: 199 });
    writeFileSync(join(dir, 'w.log'), `${'x'.repeat(5000)}\nsecond\nthird\nlast\n`);
    expect(await readLogTail(join(dir, 'w.log'), 2, 100)).toEqual(['third', 'last']);
    expect(await readLogTail(join(dir, 'w.log'), 10, 100)).toEqual(['second', 'third', 'last']);
    expect(await readLogTail(join(dir, 'missing.log'), 5, 100)).toEqual([]);
  });
});
