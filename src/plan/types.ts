import type { ComponentId, RecoveryStep } from '../map/types.js';

/** What an action does; `wait` and `blocked` are entries that explain why nothing is done. */
export type ActionKind =
  | 'remove-lock'
  | 'repair-config'
  | 'copy-config-value'
  | 'create-file'
  | 'start-worker'
  | 'restart-worker'
  | 'restart-with-dependents'
  | 'rollback-configs'
  | 'run-recovery-step'
  | 'run-job'
  | 'escalate'
  | 'wait'
  | 'blocked';

/** One step of a repair plan, with its reason. */
export interface PlannedAction {
  /** 1-based position in the plan, used by `after`. */
  id: number;
  kind: ActionKind;
  target: ComponentId;
  /** The problem code this action answers. */
  problem: string;
  reason: string;
  rootCause: ComponentId | null;
  /** 1-based attempt in the component's incident (0 for entries that do nothing). */
  attempt: number;
  /** Ladder step: 1 restart, 2 restart with dependents, 3 roll configs back; null otherwise. */
  ladderStep: 1 | 2 | 3 | null;
  /** Actions that must succeed (and be verified) before this one runs. */
  after: number[];
  /** Workers this action (re)starts in order: the target, then the running workers part of it (every restart), or a config's readers (copy-config-value). */
  workers: ComponentId[];
  /** Configs this action rolls back to their last known good copy (rollback-configs). */
  configs: ComponentId[];
  /** The incident's fingerprint, recorded in the history for learning. */
  fingerprint?: string;
  /** The incident's ladder order (rungs) when lessons chose it, and why. */
  ladder?: string[];
  ladderReason?: string | null;
  /** The declared recovery step this action runs (run-recovery-step). */
  step?: RecoveryStep;
  /** Set on an escalation for flapping: it notifies, and the ladder and its backoff go on. */
  escalatedBy?: 'flapping';
}

/** An ordered repair plan: dependencies first, each action after what it depends on. */
export interface Plan {
  createdAt: string;
  actions: PlannedAction[];
}
