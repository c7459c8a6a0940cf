/** Where a command writes: the only door to the terminal, so tests can capture it. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal that may get colour. */
  color: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** The process's own terminal. */
export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb',
    env: process.env,
    cwd: process.cwd(),
  };
}
