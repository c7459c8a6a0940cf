/** The outcome of one bounded task: its value, or the error or timeout that stopped it. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: Error };

/**
 * Runs tasks with at most `concurrency` at once, each cut off after `timeoutMs`. A task that
 * throws or hangs becomes a failed outcome; it never stops the others.
 */
export async function runBounded<T>(tasks: (() => Promise<T>)[], concurrency: number, timeoutMs: number): Promise<Settled<T>[]> {
  const results = new Array<Settled<T>>(tasks.length);
  let next = 0;
  const runOne = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index] as () => Promise<T>;
      results[index] = await withTimeout(task, timeoutMs);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, runOne));
  return results;
}

async function withTimeout<T>(task: () => Promise<T>, timeoutMs: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: new Error(`timed out after ${timeoutMs} ms`) }), timeoutMs);
  });
  try {
    return await Promise.race([task().then((value) => ({ ok: true as const, value })), timeout]);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  } finally {
    clearTimeout(timer);
  }
}
