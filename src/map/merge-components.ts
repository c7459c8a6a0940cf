/**
 * One component is often described in several places: a Procfile gives its command, a Ports
 * table its port, a Freshness list its file's SLA. Entries of different blocks about the same
 * worker or file are merged into the first full one; a value given twice differently keeps the
 * more structured source's (else the first) and says so. Only two README-form definitions of one
 * component stay a duplicate: a map is never rejected for what a team wrote twice.
 */
import type { RawComponent, RawMap } from './collect-entries.js';
import { formatPlace, type MessageSink } from './messages.js';
import { cleanName } from './collect-free.js';
import { parseSchedule } from './job-schedule.js';

/** Merges partial worker and file entries into their full entries, in place. */
export function mergeComponents(raw: RawMap, mapLabel: string, sink: MessageSink): void {
  raw.workers = mergeKind(raw.workers, 'name', 'worker', mapLabel, sink);
  raw.files = mergeKind(raw.files, 'path', 'file', mapLabel, sink);
}

function mergeKind(entries: RawComponent[], nameKey: string, kind: string, mapLabel: string, sink: MessageSink): RawComponent[] {
  const keyOf = (e: RawComponent): string => {
    const text = cleanName(e.values.get(nameKey)?.text ?? '');
    return kind === 'file' ? text.replace(/^\.\//, '') : text;
  };
  const mains = new Map<string, RawComponent>();
  const result: RawComponent[] = [];
  // Full entries first, in document order, so partials merge into them wherever they stand.
  const ordered = [...entries.filter((e) => !e.partial), ...entries.filter((e) => e.partial)];
  for (const entry of ordered) {
    const key = keyOf(entry);
    const main = mains.get(key);
    if (!main) {
      mains.set(key, entry);
      result.push(entry);
      continue;
    }
    // The README's own forms keep their rule: one component, one definition.
    if (!entry.values.get('command')?.guessed && main.block === undefined && entry.block === undefined) {
      result.push(entry);
      continue;
    }
    // Anything else is one component described twice: merged, and a contradiction keeps the value
    // of the more structured source (README form, then a code block, then a table, then prose).
    const entryWins = rankOf(entry) > rankOf(main);
    for (const [k, value] of entry.values) {
      const first = main.values.get(k);
      if (!first || (first.guessed && !value.guessed)) main.values.set(k, value);
      else if (value.guessed) continue;
      else if (k !== nameKey && first.text.trim() !== value.text.trim()) {
        // `monthly` in a summary and `on the 2nd of every month at 07:00` in the text: the precise one says more.
        const precise = k === 'schedule' ? (refinesSchedule(value.text, first.text) ? value : refinesSchedule(first.text, value.text) ? first : null) : null;
        const kept = precise ?? (entryWins ? value : first);
        main.values.set(k, kept);
        const why = precise ? ', the more precise schedule' : entryWins ? ', the more structured source' : '';
        sink.warning('conflicting-values', `The ${k} of ${kind} \`${key}\` is \`${value.text}\` here but \`${first.text}\` at ${formatPlace(mapLabel, first.place)}; using \`${kept.text}\`${why}`, value.place);
      }
    }
    if (!entry.partial) main.partial = false;
  }
  const kept = result.filter((entry) => {
    if (kind !== 'worker' || !entry.partial || entry.strict) return true;
    sink.warning('not-a-worker', `\`${keyOf(entry)}\` is described here but no command is given for it anywhere; it is not read as a worker`, entry.place);
    return false;
  });
  return kept.sort((a, b) => a.place.line - b.place.line || a.place.column - b.place.column);
}

// How structured the source of an entry is: a README-form entry, a code block (Procfile, unit,
// compose), a table row, then headings, leads and prose.
function rankOf(entry: RawComponent): number {
  if (entry.block === undefined || entry.strict) return 4;
  return entry.source === 'block' ? 3 : entry.source === 'table' ? 2 : 1;
}

// True when `precise` pins down a bare cadence word (`daily`, `monthly`): both run on the same
// calendar fields (`0 7 2 * *` refines `0 0 1 * *`), the word alone only guesses the time.
function refinesSchedule(precise: string, vague: string): boolean {
  if (!/^(hourly|daily|nightly|weekly|monthly)$/i.test(vague.trim())) return false;
  const a = parseSchedule(precise);
  const b = parseSchedule(vague);
  if (!a.ok || !b.ok || a.value.cron === null || b.value.cron === null) return false;
  const wild = (cron: string): string => cron.split(/\s+/).map((f) => (f === '*' ? '*' : 'n')).join(' ');
  return wild(a.value.cron) === wild(b.value.cron);
}
