/**
 * Reads crontab lines pasted into a map (`m h dom mon dow command`, or `@daily command`): each
 * line is a job with that schedule. Its name is the one the sentence before the block leads
 * with when the block holds one line, else the name of the script it runs (`python
 * harvest_log.py` -> `harvest_log`). A `>> logs/x.log` redirect names a file the job writes.
 * A leading `cd DIR &&` is dropped: healmap runs commands from the map's folder.
 */
import type { BlockWorker } from './read-code-block.js';

const CRON_FIELD = /^[\d*/,-]+$|^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)(-\w{3})?$/i;
const MACRO = /^@(yearly|annually|monthly|weekly|daily|midnight|hourly|reboot)$/;

/** The jobs of a crontab block; null when a line is neither a comment, a `VAR=value` nor a cron line. */
export function readCrontab(lang: string, value: string, lead: string | null): BlockWorker[] | null {
  if (!['', 'cron', 'crontab', 'text', 'txt', 'sh', 'shell', 'bash'].includes(lang)) return null;
  const jobs: BlockWorker[] = [];
  const lines = value.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || /^[A-Z_][A-Z0-9_]*=/.test(line)) continue;
    const entry = splitCronLine(line);
    if (!entry) return null;
    const keys: [string, string][] = [['command', entry.command], ['schedule', entry.schedule], ['type', 'job']];
    if (entry.user) keys.push(['user', entry.user]);
    jobs.push({ name: '', line: index, keys, produces: entry.log ? [{ path: entry.log, freshness: null }] : [], reads: [] });
  }
  if (jobs.length === 0) return null;
  for (const job of jobs) {
    job.name = (jobs.length === 1 ? lead : null) ?? scriptName(job.keys[0]?.[1] ?? '') ?? '';
    if (job.name === '') return null;
  }
  return jobs;
}

function splitCronLine(line: string): { schedule: string; command: string; log: string | null; user: string | null } | null {
  const words = line.split(/\s+/);
  const macro = MACRO.test(words[0] ?? '');
  const count = macro ? 1 : 5;
  const fields = words.slice(0, count);
  if (words.length <= count || (!macro && !fields.every((f) => CRON_FIELD.test(f)))) return null;
  const schedule = fields.join(' ');
  if (schedule === '@reboot') return null;
  // /etc/crontab's user field (`0 3 * * * root /usr/bin/backup`) is the account, not the command.
  const user = /^(root|www-data|nobody)$/.test(words[count] ?? '') && words.length > count + 1 ? (words[count] ?? null) : null;
  const command = words.slice(count + (user ? 1 : 0)).join(' ').replace(/^cd\s+\S+\s*&&\s*/, '');
  const log = /(?:^|\s)(?:>>|>|1>>|1>)\s*([\w./-]+)/.exec(command)?.[1] ?? null;
  return { schedule, command, log: log && !log.startsWith('/dev/') ? log : null, user };
}

// `python harvest_log.py --x` -> `harvest_log`; `./bin/rotate-logs.sh` -> `rotate-logs`; `backup --full` -> `backup`.
function scriptName(command: string): string | null {
  const words = command.split(/\s+/).filter((w) => !/^[A-Z_][A-Z0-9_]*=/.test(w));
  const runner = /^(python\d?(\.\d+)?|node|deno|bun|ruby|perl|php|bash|sh|zsh|nice|ionice|flock|timeout|env|exec|nohup|uv|poetry|pipenv)$/;
  let at = 0;
  while (at < words.length - 1 && (runner.test(words[at] ?? '') || /^(-|\d+$)/.test(words[at] ?? '') || /^run$/.test(words[at] ?? '') || (/^(flock|timeout)$/.test(words[at - 1] ?? '') && !/\.(py|js|sh|rb)$/.test(words[at] ?? '')))) at++;
  const base = (words[at] ?? '').split('/').pop()?.replace(/\.(py|js|mjs|ts|sh|rb|pl|php)$/, '') ?? '';
  return /^[A-Za-z][\w.-]{0,63}$/.test(base) ? base : null;
}
