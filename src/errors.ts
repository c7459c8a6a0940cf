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

/** Why healmap refuses a path: it is not a regular file, too large, a symbolic link, or outside the map's folder. */
export type UnsafeFileCode = 'ENOTREG' | 'EFBIG' | 'ESYMLINK' | 'EOUTSIDE';

/**
 * A file healmap will not read or write as asked (a FIFO, /dev/zero, a symlink at the leaf, a
 * path whose real location leaves the map's folder). Probes turn it into a `probe-failed` finding.
 */
export class UnsafeFileError extends Error {
  override readonly name = 'UnsafeFileError';

  constructor(readonly code: UnsafeFileCode, message: string, readonly path: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * One line saying why something failed: the error code first when there is one (`EACCES: ...`),
 * once (Node's system errors already start with it: never `ENOSPC: ENOSPC: ...`), and no raw
 * line breaks (a one-line record stays one line).
 */
export function describeError(error: unknown): string {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as NodeJS.ErrnoException).code;
  const message = oneLine(e.message);
  return code && !message.startsWith(`${code}:`) && !message.startsWith(`${code} `) ? `${code}: ${message}` : message;
}

/** A text made safe for one-line output: line breaks and other control characters escaped. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
