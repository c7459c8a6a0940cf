import type { ComponentId } from '../map/types.js';
import type { Detection } from './detection.js';

/**
 * Event source for workers this agent started: their exit arrives from the child process itself,
 * at once. A pid healmap is stopping on purpose (a restart) is expected and not an incident.
 */
export class ChildExits {
  private readonly expected = new Set<number>();
  private closed = false;

  constructor(private readonly report: (detection: Detection) => void) {}

  /** Marks a pid as being stopped by healmap: its exit is not reported. */
  expect(pid: number): void {
    this.expected.add(pid);
  }

  /** Handles a child's exit (wired to the heal cycle's `onWorkerExit`); true when reported. */
  exited(id: ComponentId, pid: number, code: number | null, signal: NodeJS.Signals | null): boolean {
    if (this.expected.delete(pid) || this.closed) return false;
    this.report({ id, what: `exited (${signal ?? `code ${code}`})`, failedAt: Date.now(), trigger: 'exit' });
    return true;
  }

  /** Stops reporting (the daemon is stopping; workers keep running). */
  close(): void {
    this.closed = true;
  }
}
