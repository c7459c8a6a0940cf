/** Runs async updates one at a time, in the order asked (a read-modify-write of a shared file). */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `update` after every update asked before it has settled; resolves with its result. */
  run<T>(update: () => Promise<T>): Promise<T> {
    const result = this.tail.then(update, update);
    this.tail = result.catch(() => {});
    return result;
  }
}
