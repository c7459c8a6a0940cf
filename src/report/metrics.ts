import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Diagnosis } from '../diagnose/types.js';
import type { ExecutedAction } from '../repair/execute-plan.js';

const STATUS_VALUE = { ok: 0, warning: 1, critical: 2, unknown: 3 } as const;

/** The daemon's Prometheus metrics, in a registry of its own (no global state). */
export class HealmapMetrics {
  readonly registry = new Registry();
  private readonly componentStatus = new Gauge({ name: 'healmap_component_status', help: 'Component status: 0 ok, 1 warning, 2 critical, 3 unknown', labelNames: ['component', 'kind'], registers: [this.registry] });
  private readonly overall = new Gauge({ name: 'healmap_status', help: 'Overall status: 0 ok, 1 warning, 2 critical, 3 unknown', registers: [this.registry] });
  private readonly rootCauses = new Gauge({ name: 'healmap_root_causes', help: 'Number of root causes in the last diagnosis', registers: [this.registry] });
  private readonly repairs = new Counter({ name: 'healmap_repairs_total', help: 'Repair actions by result', labelNames: ['component', 'action', 'result'], registers: [this.registry] });
  private readonly restarts = new Counter({ name: 'healmap_restarts_total', help: 'Worker restarts attempted by healmap', labelNames: ['worker'], registers: [this.registry] });
  private readonly cycles = new Counter({ name: 'healmap_cycles_total', help: 'Healing cycles run, full or event-driven', labelNames: ['trigger'], registers: [this.registry] });
  private readonly cycleDuration = new Histogram({ name: 'healmap_cycle_duration_seconds', help: 'Duration of healing cycles', labelNames: ['trigger'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry] });
  private readonly detect = new Histogram({ name: 'healmap_time_to_detect_seconds', help: 'From a known failure time to its detection', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120], registers: [this.registry] });
  private readonly recover = new Histogram({ name: 'healmap_time_to_recover_seconds', help: 'From detection to a verified repair', buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 300], registers: [this.registry] });

  // The value last set per component: a full cycle of an unchanged 10,000-component map then sets
  // nothing, instead of hashing 10,000 label sets a minute.
  private readonly lastStatus = new Map<string, number>();

  /** Sets the status gauges from a diagnosis (scoped ones update only their components). */
  observeDiagnosis(diagnosis: Diagnosis, full: boolean): void {
    for (const c of diagnosis.components) {
      const value = STATUS_VALUE[c.status];
      if (this.lastStatus.get(c.id) === value) continue;
      this.lastStatus.set(c.id, value);
      this.componentStatus.set({ component: c.id, kind: c.kind }, value);
    }
    if (full) {
      this.overall.set(STATUS_VALUE[diagnosis.status]);
      this.rootCauses.set(diagnosis.rootCauses.length);
    }
  }

  observeAction(done: ExecutedAction): void {
    this.repairs.inc({ component: done.action.target, action: done.action.kind, result: done.result });
    if (done.result === 'succeeded' || done.result === 'failed') {
      for (const worker of done.action.workers) this.restarts.inc({ worker });
    }
  }

  observeCycle(trigger: string, seconds: number): void {
    this.cycles.inc({ trigger });
    this.cycleDuration.observe({ trigger }, seconds);
  }

  observeDetection(seconds: number): void {
    this.detect.observe(Math.max(0, seconds));
  }

  observeRecovery(seconds: number): void {
    this.recover.observe(Math.max(0, seconds));
  }

  /** Forgets components no longer in the map (after a map reload). */
  resetComponents(): void {
    this.componentStatus.reset();
    this.lastStatus.clear();
  }
}
