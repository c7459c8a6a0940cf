/**
 * Decides whether a table whose header reads both ways is a table of config fields or a register
 * of workers, by what its rows hold: a field row has a field type (`integer`), a range or a
 * yes/no under Required; a worker row has a command under its Command column or a worker kind
 * (`Daemon`, `Job`, `cron`) under its Type column. A table is one kind of thing, never both.
 */
import type { PlacedText } from './blocks.js';
import { parseWorkerType } from './job-schedule.js';
import { isEmptyValue, parseFieldType } from './parse-values.js';
import { findRange } from './read-field-text.js';
import { codeSpans, isCommandLike, plainOf } from './read-text.js';

/** True when more rows read as workers (a command, a worker kind) than as config fields (a field type, a range). */
export function isWorkerRegister(body: PlacedText[][], fieldKeys: (string | null)[], workerKeys: (string | null)[]): boolean {
  const type = fieldKeys.indexOf('type');
  const range = fieldKeys.indexOf('range');
  const command = workerKeys.indexOf('command');
  let fields = 0;
  let workers = 0;
  for (const row of body) {
    const typeText = plainOf(row[type]?.marked ?? row[type]?.text ?? '').trim();
    if (type >= 0 && parseFieldType(typeText).ok) fields++;
    else if (range >= 0 && findRange(row[range]?.text ?? '') !== null) fields++;
    else if ((command >= 0 && isCommandCell(row[command])) || (type >= 0 && typeText !== '' && parseWorkerType(typeText).ok)) workers++;
  }
  return workers > fields;
}

// A Command cell holding a command line: as a code span, or plain when it reads as one.
function isCommandCell(cell: PlacedText | undefined): boolean {
  if (!cell || isEmptyValue(cell.text)) return false;
  const spans = codeSpans(cell.marked ?? '');
  return spans.length > 0 ? spans.some((span) => isCommandLike(span) || /\s/.test(span.trim())) : isCommandLike(cell.text.trim());
}
