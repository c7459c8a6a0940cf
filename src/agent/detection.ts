import type { ComponentId } from '../map/types.js';

/** What an event source saw go wrong with one component, and when it went wrong. */
export interface Detection {
  id: ComponentId;
  /** Reads after the component's name: `exited (SIGKILL)`, `was deleted`. */
  what: string;
  /** When the failure happened (or is known to have happened at the latest). */
  failedAt: number;
  /** The event source's trigger name: `exit`, `stopped`, `stale`, `deleted`. */
  trigger: string;
}
