/**
 * Event source for a change in any child of this process: the kernel sends SIGCHLD to the parent
 * when a child stops (SIGSTOP), continues or exits (libuv sets no SA_NOCLDSTOP). The signal does
 * not say which child, so `onChange` is called once per burst, after the loop turn that received
 * it (a child's `exit` event, fired in the same turn, is handled first), and at most once per
 * `minGapMs()`: a host whose health checks spawn and reap commands all the time costs no more than
 * a poll at that period.
 */
export class ChildSignals {
  private readonly listener = (): void => this.signalled();
  private pending: NodeJS.Immediate | NodeJS.Timeout | null = null;
  private lastRunAt = -Infinity;
  private closed = false;

  constructor(
    private readonly onChange: () => void,
    private readonly minGapMs: () => number,
  ) {
    process.on('SIGCHLD', this.listener);
  }

  /** Stops listening. */
  close(): void {
    this.closed = true;
    process.off('SIGCHLD', this.listener);
    if (this.pending) {
      clearTimeout(this.pending as NodeJS.Timeout);
      clearImmediate(this.pending as NodeJS.Immediate);
    }
    this.pending = null;
  }

  private signalled(): void {
    if (this.pending || this.closed) return;
    const waitMs = this.lastRunAt + this.minGapMs() - Date.now();
    this.pending = waitMs > 0 ? setTimeout(() => this.run(), waitMs).unref() : setImmediate(() => this.run());
  }

  private run(): void {
    this.pending = null;
    if (this.closed) return;
    this.lastRunAt = Date.now();
    this.onChange();
  }
}
