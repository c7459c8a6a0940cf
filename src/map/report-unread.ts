/**
 * A value that does not parse is an error only where the map is written in healmap's own format
 * (a README section's table, bullet or key): there the user meant a value and must fix it. Read
 * from free-form text (a prose cell, a sentence, a field description), it is a positioned warning
 * and the fact is dropped: a map is never rejected for what it could not read.
 */
import type { RawValue } from './collect-entries.js';
import type { MessageSink } from './messages.js';

/** Marks a value as written in healmap's own format (its parse errors stop the map); returns it. */
export function markStrict<T extends RawValue>(value: T): T {
  value.strict = true;
  return value;
}

/** Reports a value that does not parse: an error when strict, else a warning saying it is dropped. */
export function reportUnread(sink: MessageSink, rule: string, message: string, value: RawValue): void {
  if (value.strict) sink.error(rule, message, value.place);
  else sink.warning(rule, `${message}; read as prose, this value is not used`, value.place);
}
