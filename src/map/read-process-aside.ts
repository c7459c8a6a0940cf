/**
 * Reads the aside people put after a command in a process list or a table cell:
 * `python control.py   (pidfile: run/controller.pid)`, `npm start (port 3000)`,
 * `python weather.py   (job, every 30 minutes)`. Each part is a `key: value`, `port N`, a worker
 * type or a schedule; an aside with any other part is not one (it stays part of the command).
 */
import { parseSchedule, parseWorkerType } from './job-schedule.js';
import { splitTrailingAside } from './read-text.js';

/** A command and the keys its trailing aside states; `keys` is empty when it has no such aside. */
export function splitCommandAside(text: string): { command: string; keys: [string, string][] } {
  const { text: command, aside } = splitTrailingAside(text);
  if (aside === null || command.trim() === '') return { command: text, keys: [] };
  const keys: [string, string][] = [];
  for (const part of aside.split(/[,;]/).map((p) => p.trim()).filter((p) => p !== '')) {
    const keyed = /^([A-Za-z][\w -]{0,20}?)\s*[:=]\s*(\S.*)$/.exec(part);
    const port = /^(?:port|listens on)\s+:?(\d{1,5})$/i.exec(part) ?? /^:(\d{1,5})$/.exec(part);
    if (keyed?.[1] && keyed[2]) keys.push([keyed[1], keyed[2]]);
    else if (port?.[1]) keys.push(['port', port[1]]);
    else if (/^[a-z -]{1,30}$/i.test(part) && parseWorkerType(part).ok && parseSchedule(part).ok === false) keys.push(['type', part]);
    else if (parseSchedule(part).ok) keys.push(['schedule', part]);
    else return { command: text, keys: [] };
  }
  return { command: command.trim(), keys };
}
