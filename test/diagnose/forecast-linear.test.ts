import { describe, expect, it } from 'vitest';
import { forecastBreach, type Sample } from '../../src/diagnose/forecast-linear.js';

const series = (n: number, f: (i: number) => number, stepMs = 10_000): Sample[] => Array.from({ length: n }, (_, i) => ({ t: 1_000_000 + i * stepMs, v: f(i) }));

describe('time-to-breach forecasts', () => {
  it('extrapolates a steady rise to the threshold', () => {
    // 1 MiB per 10 s from 100 MiB: 200 MiB is reached 100 steps after the first sample.
    const mib = 1024 * 1024;
    const f = forecastBreach(series(20, (i) => (100 + i) * mib), 200 * mib, 'rising');
    expect(f).not.toBeNull();
    expect(f?.breachAt).toBeCloseTo(1_000_000 + 100 * 10_000, -1);
    expect(f?.fit).toBeCloseTo(1, 5);
  });

  it('forecasts a falling series reaching a floor', () => {
    const f = forecastBreach(series(10, (i) => 1000 - 50 * i), 100, 'falling');
    expect(f?.breachAt).toBeCloseTo(1_000_000 + 18 * 10_000, -1);
  });

  it('never forecasts from a flat, noisy, short or receding series', () => {
    expect(forecastBreach(series(30, () => 500), 1000, 'rising')).toBeNull();
    // Deterministic noise around a faint upward drift: the fit is poor.
    const noisy = series(30, (i) => 500 + ((i * 7919) % 13) * 20 - 120 + i);
    expect(forecastBreach(noisy, 1000, 'rising')).toBeNull();
    expect(forecastBreach(series(5, (i) => 100 + i * 10), 1000, 'rising')).toBeNull();
    expect(forecastBreach(series(20, (i) => 900 - i * 10), 1000, 'rising')).toBeNull();
    // A rise of 0.1 % over the window is flat, however good its fit.
    expect(forecastBreach(series(20, (i) => 100_000 + i * 5), 200_000, 'rising')).toBeNull();
  });

  it('uses only the window it is given', () => {
    // Flat for long, then rising: the window sees only the rise.
    const s = [...series(30, () => 100), ...series(10, (i) => 110 + i * 10).map((x) => ({ t: x.t + 300_000, v: x.v }))];
    expect(forecastBreach(s, 400, 'rising')).toBeNull();
    expect(forecastBreach(s, 400, 'rising', { windowMs: 95_000 })).not.toBeNull();
  });
});
