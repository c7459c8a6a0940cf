/**
 * What the daemon remembers between cycles for forecasts and fingerprints: the bounded sample
 * series, how each worker it started last exited, and which predictions it already announced
 * (a standing forecast is logged once, not every cycle).
 */
import type { Prediction } from '../diagnose/predict-breaches.js';
import { SampleWindow } from '../history/sample-window.js';
import type { ComponentId } from '../map/types.js';

/** The daemon's memory for forecasts and incident fingerprints. */
export class ForecastMemory {
  readonly samples = new SampleWindow();
  readonly exits = new Map<ComponentId, { code: number | null; signal: string | null }>();
  private readonly announced = new Set<string>();

  /** Remembers how a worker exited (part of its next incident's fingerprint). */
  recordExit(id: ComponentId, code: number | null, signal: string | null): void {
    this.exits.set(id, { code, signal });
  }

  /**
   * The predictions of a cycle not announced before. A full cycle also forgets the ones that
   * no longer stand, so a breach forecast again later is announced again.
   */
  fresh(predictions: readonly Prediction[], full: boolean): Prediction[] {
    const keys = new Set(predictions.map((p) => `${p.component}\0${p.code}`));
    if (full) for (const key of [...this.announced]) if (!keys.has(key)) this.announced.delete(key);
    const fresh = predictions.filter((p) => !this.announced.has(`${p.component}\0${p.code}`));
    for (const p of fresh) this.announced.add(`${p.component}\0${p.code}`);
    return fresh;
  }
}
