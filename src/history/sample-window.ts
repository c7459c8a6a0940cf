/**
 * Bounded in-memory sample series for forecasts: the figures healmap already takes each check
 * (a worker's RSS, a file's write interval, free disk), kept per series key, newest last. Old
 * samples fall off by count and by age, so memory stays bounded however long the agent runs.
 */
import type { Sample } from '../diagnose/forecast-linear.js';

/** Bounds of a sample store; all optional. */
export interface SampleWindowOptions {
  /** Samples kept per series (default 120). */
  maxPoints?: number;
  /** Samples older than this are dropped (default 1 h). */
  maxAgeMs?: number;
}

/** Sample series by key (`rss:worker:api`, `interval:file:out/a.jsonl`, `disk`). */
export class SampleWindow {
  private readonly series = new Map<string, Sample[]>();
  private readonly maxPoints: number;
  private readonly maxAgeMs: number;

  constructor(options: SampleWindowOptions = {}) {
    this.maxPoints = options.maxPoints ?? 120;
    this.maxAgeMs = options.maxAgeMs ?? 3_600_000;
  }

  /** Adds a sample; a sample not newer than the last one of its series replaces it. */
  add(key: string, t: number, v: number): void {
    let list = this.series.get(key);
    if (!list) this.series.set(key, (list = []));
    const last = list[list.length - 1];
    if (last && t <= last.t) {
      last.v = v;
      return;
    }
    list.push({ t, v });
    let drop = Math.max(0, list.length - this.maxPoints);
    while (drop < list.length && (list[drop] as Sample).t < t - this.maxAgeMs) drop++;
    if (drop > 0) list.splice(0, drop);
  }

  /** The series of a key, oldest first (empty when none). */
  get(key: string): readonly Sample[] {
    return this.series.get(key) ?? [];
  }

  /** The last sample of a key, if any. */
  last(key: string): Sample | undefined {
    const list = this.series.get(key);
    return list?.[list.length - 1];
  }

  /** Forgets a series (a worker restarted: its old memory curve no longer applies). */
  clear(key: string): void {
    this.series.delete(key);
  }

  /** Keeps only the keys still wanted (the map changed). */
  retain(keep: (key: string) => boolean): void {
    for (const key of [...this.series.keys()]) if (!keep(key)) this.series.delete(key);
  }

  /** Number of series held. */
  get size(): number {
    return this.series.size;
  }
}
