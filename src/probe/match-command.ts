/**
 * Whether a running process's command line is the one a worker declares, token for token. Used
 * only to *discover* a worker healmap never started and that declares no pidfile (identity of
 * what healmap started rests on start times, see process-identity.ts).
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
  // healmap's own launcher prefixes `echo $$ > 'pidfile'.$$ && mv -f 'pidfile'.$$ 'pidfile'; exec 3<&-;`:
  // compare what follows it.
  if (shell) return declaredTokens(joined.slice(joined.indexOf(' -c ') + 4).replace(LAUNCHER_PREFIX, '')).join(' ') === want.join(' ');
  if (!baseNameEqual(processArgs[0] ?? '', want[0] ?? '')) return false;
  const rest = processArgs.slice(1);
  const wantRest = want.slice(1);
  // Whole tokens only: `sleep 3 21000` is not `sleep 21000`.
  return rest.length === wantRest.length && rest.every((arg, i) => arg === wantRest[i]);
}

const QUOTED = "'(?:[^']|'\\\\'')*'";
// healmap's launcher script: an optional move into the worker's cgroup, then the pid record.
const LAUNCHER_PREFIX = new RegExp(`^(?:.*?\\|\\| exit 97; )?echo \\$\\$ > ${QUOTED}\\.\\$\\$ && mv -f ${QUOTED}\\.\\$\\$ ${QUOTED}; (?:exec 3<&-; )?`);

function declaredTokens(command: string): string[] {
  const tokens = command.trim().split(/\s+/).map((t) => t.replace(/^(["'])(.*)\1$/, '$2')).filter((t) => t !== '');
  while (tokens.length > 0 && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(tokens[0] ?? '') || tokens[0] === 'exec')) tokens.shift();
  return tokens;
}

// `/usr/bin/node` is `node`; `python3.11` is `python3` (Debian's interpreter links).
function baseNameEqual(a: string, b: string): boolean {
  const base = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
  return a === b || base(a) === base(b) || (base(a).startsWith(`${base(b)}.`) && /^[\d.]+$/.test(base(a).slice(base(b).length + 1)));
}
