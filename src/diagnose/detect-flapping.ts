/**
 * Flap detection the Nagios way (pure): over a component's last N check results, the weighted
 * share of state changes, newer changes weighing more (0.8 for the oldest to 1.2 for the newest).
 * A component starts flapping when the share rises above `high` and stops only when it falls
 * below `low` (hysteresis), so it does not flip in and out of flapping at the threshold.
 */

/** Thresholds of flap detection; all optional. */
export interface FlapOptions {
  /** Percent of weighted state changes above which a component starts flapping (default 50). */
  highPercent?: number;
  /** Percent below which a flapping component stops flapping (default 25). */
  lowPercent?: number;
  /** Fewest checks needed to judge (default 6). */
  minChecks?: number;
}

/** How many check results are kept per component (Nagios keeps 21). */
export const FLAP_WINDOW = 21;

/** The verdict and its figure. */
export interface FlapVerdict {
  flapping: boolean;
  /** Weighted percent of state changes over the window. */
  percent: number;
  changes: number;
  checks: number;
}

/**
 * Judges a series of check results, oldest first (`1` healthy, `0` not), given whether the
 * component was flapping after the previous judgement.
 */
export function detectFlapping(checks: string, wasFlapping: boolean, options: FlapOptions = {}): FlapVerdict {
  const series = checks.slice(-FLAP_WINDOW);
  const high = options.highPercent ?? 50;
  const low = options.lowPercent ?? 25;
  const minChecks = options.minChecks ?? 6;
  const transitions = series.length - 1;
  if (transitions < 1 || series.length < minChecks) return { flapping: wasFlapping && series.length >= minChecks, percent: 0, changes: 0, checks: series.length };
  let weighted = 0;
  let changes = 0;
  for (let i = 1; i < series.length; i++) {
    if (series[i] === series[i - 1]) continue;
    changes++;
    weighted += 0.8 + (0.4 * (i - 1)) / Math.max(1, transitions - 1);
  }
  const percent = (100 * weighted) / transitions;
  const flapping = wasFlapping ? percent >= low : percent > high;
  return { flapping, percent: Math.round(percent), changes, checks: series.length };
}

/** Appends one check result to a bounded series. */
export function appendCheck(checks: string | undefined, healthy: boolean): string {
  return `${checks ?? ''}${healthy ? '1' : '0'}`.slice(-FLAP_WINDOW);
}
