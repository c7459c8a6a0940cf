import { describe, expect, it } from 'vitest';
import { appendCheck, detectFlapping, FLAP_WINDOW } from '../../src/diagnose/detect-flapping.js';

describe('flap detection', () => {
  it('flags a component that keeps changing state and not one that stays down', () => {
    expect(detectFlapping('0101010101', false).flapping).toBe(true);
    expect(detectFlapping('0000000000', false)).toMatchObject({ flapping: false, percent: 0 });
    expect(detectFlapping('1111100000', false).flapping).toBe(false);
  });

  it('needs enough checks before judging', () => {
    expect(detectFlapping('0101', false).flapping).toBe(false);
  });

  it('weighs recent changes more, and holds its verdict between the thresholds (hysteresis)', () => {
    const early = detectFlapping('0101011111111', false);
    const late = detectFlapping('1111111010101', false);
    expect(late.percent).toBeGreaterThan(early.percent);
    // About 40 %: not enough to start flapping, enough to keep flapping.
    const middle = '101010111111';
    expect(detectFlapping(middle, false).percent).toBeGreaterThan(25);
    expect(detectFlapping(middle, false).percent).toBeLessThan(50);
    expect(detectFlapping(middle, false).flapping).toBe(false);
    expect(detectFlapping(middle, true).flapping).toBe(true);
    expect(detectFlapping('1111111111111', true).flapping).toBe(false);
  });

  it('keeps a bounded series', () => {
    let series = '';
    for (let i = 0; i < 100; i++) series = appendCheck(series, i % 2 === 0);
    expect(series).toHaveLength(FLAP_WINDOW);
    expect(series.endsWith('10')).toBe(true);
  });
});
