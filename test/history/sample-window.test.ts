import { describe, expect, it } from 'vitest';
import { SampleWindow } from '../../src/history/sample-window.js';

describe('bounded sample series', () => {
  it('keeps at most maxPoints samples and none older than maxAgeMs', () => {
    const w = new SampleWindow({ maxPoints: 5, maxAgeMs: 60_000 });
    for (let i = 0; i < 20; i++) w.add('rss', i * 1000, i);
    expect(w.get('rss').map((s) => s.v)).toEqual([15, 16, 17, 18, 19]);
    w.add('rss', 200_000, 99);
    expect(w.get('rss')).toEqual([{ t: 200_000, v: 99 }]);
  });

  it('replaces a sample taken at the same time instead of adding one', () => {
    const w = new SampleWindow();
    w.add('disk', 1000, 5);
    w.add('disk', 1000, 6);
    expect(w.get('disk')).toEqual([{ t: 1000, v: 6 }]);
  });

  it('forgets series it is told to', () => {
    const w = new SampleWindow();
    w.add('a', 1, 1);
    w.add('b', 1, 1);
    w.retain((k) => k === 'a');
    expect(w.size).toBe(1);
    w.clear('a');
    expect(w.get('a')).toEqual([]);
  });
});
