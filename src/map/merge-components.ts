/**
 * One component is often described in several places: a Procfile gives its command, a Ports
 * table its port, a Freshness list its file's SLA. Entries of different blocks about the same
 * worker or file are merged into the first full one; a value given twice differently keeps the
 * first and says so. Two full entries of one block, or two different commands, stay duplicates.
 */
import type { RawComponent, RawMap } from './collect-entries.js';
import { formatPlace, type MessageSink } from './messages.js';
import { cleanName } from './collect-free.js';

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
    const sameBlock = main.block !== undefined && main.block === entry.block;
    const command = (e: RawComponent): string => (e.values.get('command')?.text ?? '').replace(/\s+/g, ' ').trim();
    // A command guessed from prose ("health is checked with `./ctl health`") never makes a second worker.
    const guessed = entry.values.get('command')?.guessed === true;
    if (!guessed && (sameBlock || main.block === undefined && entry.block === undefined || (kind === 'worker' && !entry.partial && command(main) !== '' && command(entry) !== command(main)))) {
      result.push(entry);
      continue;
    }
    for (const [k, value] of entry.values) {
      const first = main.values.get(k);
      if (!first) main.values.set(k, value);
      else if (value.guessed) continue;
      else if (k !== nameKey && first.text.trim() !== value.text.trim()) {
        sink.warning('conflicting-values', `The ${k} of ${kind} \`${key}\` is \`${value.text}\` here but \`${first.text}\` at ${formatPlace(mapLabel, first.place)}; using \`${first.text}\``, value.place);
      }
    }
  }
  const kept = result.filter((entry) => {
    if (kind !== 'worker' || !entry.partial || entry.strict) return true;
    sink.warning('not-a-worker', `\`${keyOf(entry)}\` is described here but no command is given for it anywhere; it is not read as a worker`, entry.place);
    return false;
  });
  return kept.sort((a, b) => a.place.line - b.place.line || a.place.column - b.place.column);
}
