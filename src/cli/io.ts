/** Where a command writes: the only door to the terminal, so tests can capture it. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal that may get colour. */
  color: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * The process's own terminal. A reader that goes away (`healmap heal | head -1`) is no reason
 * to stop mid-pass: after EPIPE further output to that stream is dropped and the command
 * finishes its work (and its history) as if it were still read.
 */
export function processIo(): Io {
  const out = quietOnEpipe(process.stdout);
  const err = quietOnEpipe(process.stderr);
  return {
    out,
    err,
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb',
    env: process.env,
    cwd: process.cwd(),
  };
}

function quietOnEpipe(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}
