/**
 * Runs jobs one at a time; requests that arrive while a job runs are merged into one next job.
 * This is how healing cycles never overlap while events keep arriving.
 */
export class CoalescingRunner<T> {
  private pending: T | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly run: (job: T) => Promise<void>,
    private readonly merge: (a: T, b: T) => T,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Asks for a job; it starts now if idle, else after the current one (merged with others). */
  request(job: T): void {
    if (this.stopped) return;
    this.pending = this.pending === null ? job : this.merge(this.pending, job);
    if (!this.running) this.running = this.drain();
  }

  /** Whether a job is running or waiting. */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Stops taking requests and resolves when the job in flight (if any) has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.pending = null;
    await this.running;
  }

  private async drain(): Promise<void> {
    while (this.pending !== null) {
      const job = this.pending;
      this.pending = null;
      try {
        await this.run(job);
      } catch (error) {
        this.onError(error);
      }
    }
    this.running = null;
  }
}
