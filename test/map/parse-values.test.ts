import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseRange, parseSize, splitList } from '../../src/map/parse-values.js';

describe('durations', () => {
  it.each([
    ['90s', 90_000], ['5m', 300_000], ['5 min', 300_000], ['5 minutes', 300_000], ['every 5 min', 300_000],
    ['1h30m', 5_400_000], ['1 hour 30 minutes', 5_400_000], ['24 hours', 86_400_000], ['1 day', 86_400_000],
    ['daily', 86_400_000], ['hourly', 3_600_000], ['every minute', 60_000], ['500ms', 500], ['2.5s', 2500],
  ])('reads `%s` as %i ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: ms });
  });

  it.each([
    ['18 000 s', 18_000_000], ['18,000 s', 18_000_000], ['86\u00a0400 seconds', 86_400_000], ['86\u202f400 s', 86_400_000],
    ['10_000 ms', 10_000], ['1 500 ms', 1500], ['5 min, 30 s', 330_000], ['1 h 30 min', 5_400_000],
  ])('reads `%s` with its thousands grouped or its parts apart as %i ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: ms });
  });

  it.each(['300', 'soon', '', '5 fortnights', '5 min later'])('refuses `%s` naming what it expected', (text) => {
    const parsed = parseDuration(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain('Expected a duration');
  });

  it('formats durations the way people write them', () => {
    expect([500, 90_000, 5_400_000, 86_400_000].map(formatDuration)).toEqual(['500ms', '1m30s', '1h30m', '1d']);
  });
});

describe('ranges, sizes and lists', () => {
  it('reads inclusive ranges and one-sided bounds', () => {
    expect(parseRange('0..1')).toEqual({ ok: true, value: { min: 0, max: 1 } });
    expect(parseRange('>= 0')).toEqual({ ok: true, value: { min: 0, max: null } });
    expect(parseRange('<= 10')).toEqual({ ok: true, value: { min: null, max: 10 } });
    expect(parseRange('1 to 5')).toEqual({ ok: true, value: { min: 1, max: 5 } });
    expect(parseRange('5..1').ok).toBe(false);
    expect(parseRange('big').ok).toBe(false);
  });

  it('reads sizes in SI and binary units', () => {
    expect(parseSize('500 MB')).toEqual({ ok: true, value: 500_000_000 });
    expect(parseSize('1 GiB')).toEqual({ ok: true, value: 1024 ** 3 });
    expect(parseSize('lots').ok).toBe(false);
  });

  it('splits references on commas, semicolons and "and", treating dashes as empty', () => {
    expect(splitList('a.json, b.json and c.json; d')).toEqual(['a.json', 'b.json', 'c.json', 'd']);
    expect(splitList('—')).toEqual([]);
    expect(splitList('command_and_control')).toEqual(['command_and_control']);
  });
});
