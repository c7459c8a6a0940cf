/** A command line that cannot be understood (unknown option, bad value); exits 64. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure healmap understands and can explain in one line (e.g. the agent lock is held). */
export class HealmapError extends Error {
  override readonly name = 'HealmapError';

  constructor(message: string, readonly exitCode = 3, options?: ErrorOptions) {
    super(message, options);
  }
}
