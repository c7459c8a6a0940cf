/**
 * Time-to-breach forecasts (pure), like Prometheus's `predict_linear`: an ordinary least-squares
 * line through the samples of a window, extrapolated to a threshold. A forecast is only made on
 * a trend worth acting on: enough points, a slope heading for the threshold, and a good fit
 * (R² at least `minFit`), so a flat or noisy series never predicts a breach.
 */

/** One sample: a time in ms and a value. */
export interface Sample {
  t: number;
  v: number;
}

/** Requirements of a forecast; all optional. */
export interface ForecastOptions {
  /** Fewest samples to fit a line through (default 8). */
  minPoints?: number;
  /** Least coefficient of determination R² for the trend to count (default 0.8). */
  minFit?: number;
  /** Only samples this recent are used (default: all given). */
  windowMs?: number;
  /** Least relative change over the window for the trend not to be flat (default 0.02 = 2 %). */
  minRelativeChange?: number;
}

/** A breach forecast: when the line crosses the threshold, and how trustworthy the line is. */
export interface Forecast {
  /** Slope per second. */
  slopePerSecond: number;
  /** Fitted value at the last sample's time. */
  current: number;
  /** R² of the fit. */
  fit: number;
  /** Time of the forecast breach in ms since the epoch (0 or less from now: already breached). */
  breachAt: number;
  points: number;
}

/**
 * Forecasts when the series crosses `threshold` going `direction` (`rising` for memory and
 * write intervals, `falling` for free disk); null when the trend is too short, flat, noisy or
 * heading away from the threshold.
 */
export function forecastBreach(samples: readonly Sample[], threshold: number, direction: 'rising' | 'falling', options: ForecastOptions = {}): Forecast | null {
  const minPoints = options.minPoints ?? 8;
  const minFit = options.minFit ?? 0.8;
  const minChange = options.minRelativeChange ?? 0.02;
  const lastT = samples.length > 0 ? (samples[samples.length - 1] as Sample).t : 0;
  const used = options.windowMs === undefined ? samples : samples.filter((s) => s.t >= lastT - (options.windowMs as number));
  const n = used.length;
  if (n < minPoints) return null;
  // Centre the times: ms since the epoch squared loses precision in doubles.
  let meanT = 0;
  let meanV = 0;
  for (const s of used) { meanT += s.t; meanV += s.v; }
  meanT /= n;
  meanV /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const s of used) {
    const dt = s.t - meanT;
    const dv = s.v - meanV;
    sxx += dt * dt;
    sxy += dt * dv;
    syy += dv * dv;
  }
  if (sxx === 0 || syy === 0) return null;
  const slope = sxy / sxx;
  const fit = (sxy * sxy) / (sxx * syy);
  if (fit < minFit) return null;
  if ((direction === 'rising' && slope <= 0) || (direction === 'falling' && slope >= 0)) return null;
  const spanMs = lastT - (used[0] as Sample).t;
  const scale = Math.max(Math.abs(meanV), Math.abs(threshold), Number.EPSILON);
  if (Math.abs(slope * spanMs) / scale < minChange) return null;
  const current = meanV + slope * (lastT - meanT);
  const breachAt = lastT + (threshold - current) / slope;
  return { slopePerSecond: slope * 1000, current, fit, breachAt, points: n };
}
