/**
 * Node built-ins a probe needs only on some paths (a port to connect to, a health or config
 * command to run), loaded where first used instead of by an `import` at the top of the module:
 * `child_process` and `net` bring the streams stack with them, and loading them was
 * about 40 % of a one-shot `check`'s CPU on a map that uses none of them. Node caches a loaded
 * built-in, so each call after the first is a lookup.
 */

/** `node:net`, loaded on first use (a port or TCP health probe). */
export function loadNet(): typeof import('node:net') {
  return process.getBuiltinModule('node:net');
}

/** `node:child_process`, loaded on first use (a health or config-validation command). */
export function loadChildProcess(): typeof import('node:child_process') {
  return process.getBuiltinModule('node:child_process');
}
