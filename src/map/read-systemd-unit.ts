/**
 * Reads a systemd unit pasted into a map (an INI block with a `[Service]` section): `ExecStart=`
 * is the command, `PIDFile=` the pidfile, `Restart=` the restart policy, `User=` the account,
 * `WorkingDirectory=` the working directory, `Type=oneshot` a job. Its name comes from a
 * `# name.service` comment in the block, else from the component the map is describing.
 */

/** The worker a unit describes: its name (null when the block does not give one) and its keys. */
export interface UnitWorker {
  name: string | null;
  keys: [string, string][];
}

const UNIT_KEYS: Record<string, string> = {
  execstart: 'command', pidfile: 'pidfile', restart: 'restart', user: 'user', workingdirectory: 'cwd',
};

/** Reads a `[Service]` section with an `ExecStart=`; null when the block is not a systemd unit. */
export function readSystemdUnit(lang: string, value: string): UnitWorker | null {
  if (!['', 'ini', 'systemd', 'conf', 'dosini', 'text'].includes(lang) || !/^\s*\[Service\]\s*$/m.test(value)) return null;
  let section = '';
  let name: string | null = null;
  const keys: [string, string][] = [];
  for (const line of value.split('\n')) {
    const comment = /^\s*[#;]\s*(?:\S*\/)?([A-Za-z][\w.@-]{0,63})\.service\s*$/.exec(line);
    if (comment?.[1]) name ??= comment[1];
    const header = /^\s*\[([A-Za-z]+)\]\s*$/.exec(line);
    if (header?.[1]) section = header[1].toLowerCase();
    const pair = /^\s*([A-Za-z]+)\s*=\s*(.*)$/.exec(line);
    if (section !== 'service' || !pair?.[1]) continue;
    const key = pair[1].toLowerCase();
    const text = (pair[2] ?? '').trim().replace(/^[-@+!:]+/, '');
    if (UNIT_KEYS[key] && text !== '') keys.push([UNIT_KEYS[key] ?? key, text]);
    else if (key === 'type' && text.toLowerCase() === 'oneshot') keys.push(['type', 'job']);
  }
  return keys.some(([key]) => key === 'command') ? { name, keys } : null;
}
