/**
 * Whether a running process's command line is the one a worker declares. Used to tie a pid to
 * a worker (guarding against PID reuse) and to find a worker without a pidfile.
 *
 * The declared command may carry leading `VAR=value` assignments or `exec`; the running
 * process may show an absolute interpreter path (`/usr/bin/node` for `node`) or be the
 * `/bin/sh -c` wrapper healmap starts compound commands through.
 */
export function commandMatches(processArgs: string[], declared: string): boolean {
  const want = declaredTokens(declared);
  if (want.length === 0 || processArgs.length === 0) return false;
  const joined = processArgs.join(' ');
  const shell = processArgs.length >= 3 && /(^|\/)(ba|da)?sh$/.test(processArgs[0] ?? '') && processArgs[1] === '-c';
  // healmap's own launcher prefixes `echo $$ > 'pidfile'.$$ && mv -f 'pidfile'.$$ 'pidfile';`:
  // compare what follows it.
  if (shell) return declaredTokens(processArgs.slice(2).join(' ').replace(LAUNCHER_PREFIX, '')).join(' ') === want.join(' ');
  if (!baseNameEqual(processArgs[0] ?? '', want[0] ?? '')) return false;
  const rest = processArgs.slice(1);
  const wantRest = want.slice(1);
  return rest.length === wantRest.length ? rest.every((arg, i) => arg === wantRest[i]) : joined.endsWith(wantRest.join(' ')) && wantRest.length > 0;
}

const QUOTED = "'(?:[^']|'\\\\'')*'";
const LAUNCHER_PREFIX = new RegExp(`^echo \\$\\$ > ${QUOTED}\\.\\$\\$ && mv -f ${QUOTED}\\.\\$\\$ ${QUOTED}; `);

function declaredTokens(command: string): string[] {
  const tokens = command.trim().split(/\s+/).map((t) => t.replace(/^(["'])(.*)\1$/, '$2')).filter((t) => t !== '');
  while (tokens.length > 0 && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(tokens[0] ?? '') || tokens[0] === 'exec')) tokens.shift();
  return tokens;
}

function baseNameEqual(a: string, b: string): boolean {
  const base = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
  return a === b || base(a) === base(b);
}
