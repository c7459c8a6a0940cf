/**
 * Runs the last of a burst of calls per key once the key has been quiet for `quietMs`: editors
 * save by rename and writers replace files, so a path is briefly gone or changed several times.
 */
export class Debouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly quietMs: () => number) {}

  /** (Re)starts the key's quiet period; `run` is called when it ends, unless closed first. */
  run(key: string, run: () => void): void {
    if (this.closed) return;
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (!this.closed) run();
    }, this.quietMs());
    timer.unref();
    this.timers.set(key, timer);
  }

  /** Cancels every pending call; later calls are ignored. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
