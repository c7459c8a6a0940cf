import type { RawConfigField, RawValue } from './collect-entries.js';
import type { MessageSink } from './messages.js';
import { isEmptyValue, matchesType, parseBoolean, parseDefault, parseFieldType, parseRange } from './parse-values.js';
import type { ConfigField } from './types.js';
import { isEqualsPart } from './read-config-rules.js';
import { reportUnread } from './report-unread.js';

// Looked up on a parsed object these find its prototype, not a field of the file.
const UNSAFE_FIELD_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Reads one config field, from table columns (type, default, range, required) or from a bullet
 * such as `min_confidence: number, default 0.6, range 0..1, required`.
 */
export function readConfigField(raw: RawConfigField, sink: MessageSink): ConfigField {
  const values = new Map(raw.values);
  if (UNSAFE_FIELD_NAMES.has(raw.name.text)) {
    sink.error('bad-field-name', `Expected a config field name other than \`${raw.name.text}\` (it names an object's prototype, not a field)`, raw.name.place);
  }
  const spec = values.get('spec');
  if (spec) splitSpec(spec, values, sink);
  const field: ConfigField = {
    name: raw.name.text,
    type: null,
    default: undefined,
    min: null,
    max: null,
    required: true,
    place: raw.name.place,
  };
  const type = present(values.get('type'));
  if (type) {
    const parsed = parseFieldType(type.text);
    if (parsed.ok) field.type = parsed.value;
    else reportUnread(sink, 'bad-type', parsed.message, type);
  }
  const range = present(values.get('range'));
  if (range && !/\d/.test(range.text)) {
    sink.warning('range-not-read', `Read \`${range.text}\` as a note, not a range: expected numbers such as \`0..1\` or \`>= 0\``, range.place);
  } else if (range) {
    const parsed = parseRange(range.text);
    if (!parsed.ok) reportUnread(sink, 'bad-range', parsed.message, range);
    else if (field.type === 'string' || field.type === 'boolean') {
      reportUnread(sink, 'bad-range', `Expected no range on a ${field.type} field, got \`${range.text}\``, range);
    } else {
      field.min = parsed.value.min;
      field.max = parsed.value.max;
    }
  }
  const required = present(values.get('required'));
  if (required) {
    const parsed = parseBoolean(required.text);
    if (parsed.ok) field.required = parsed.value;
    else reportUnread(sink, 'bad-boolean', parsed.message, required);
  }
  const fallback = present(values.get('default'));
  if (fallback) readDefault(field, fallback, sink);
  return field;
}

function readDefault(field: ConfigField, value: RawValue, sink: MessageSink): void {
  const parsed = parseDefault(value.text, field.type);
  if (!parsed.ok) {
    reportUnread(sink, 'bad-default', parsed.message, value);
    return;
  }
  const v = parsed.value;
  if (field.type && !matchesType(v, field.type)) {
    reportUnread(sink, 'bad-default', `Expected a default of type ${field.type}, got \`${value.text}\``, value);
    return;
  }
  if (typeof v === 'number' && ((field.min !== null && v < field.min) || (field.max !== null && v > field.max))) {
    reportUnread(sink, 'bad-default', `Expected a default within ${field.min ?? ''}..${field.max ?? ''}, got \`${value.text}\``, value);
    return;
  }
  field.default = v;
}

function present(value: RawValue | undefined): RawValue | undefined {
  return value && !isEmptyValue(value.text) ? value : undefined;
}

// Splits "number, default 0.6, range 0..1, required" into the same keys a table has.
function splitSpec(spec: RawValue, values: Map<string, RawValue>, sink: MessageSink): void {
  for (const part of spec.text.split(/(?<!\s)\s*[,;]\s*/).filter((p) => p !== '')) {
    const at = (text: string): RawValue => ({ text, place: spec.place, strict: spec.strict });
    const lower = part.toLowerCase();
    const keyed = /^(default|range|type)\s*[:=]?\s+(.+)$/i.exec(part) ?? /^(default)\s*[:=]\s*(.+)$/i.exec(part);
    if (keyed?.[1] && keyed[2]) values.set(keyed[1].toLowerCase(), at(keyed[2]));
    else if (/^=\s*/.test(part)) values.set('default', at(part.replace(/^=\s*/, '')));
    else if (lower === 'required' || lower === 'optional') values.set('required', at(lower === 'required' ? 'yes' : 'no'));
    else if (parseFieldType(part).ok) values.set('type', at(part));
    else if (parseRange(part).ok) values.set('range', at(part));
    else if (isEqualsPart(part)) continue; // a cross-config rule, read by read-config-rules.ts
    else sink.warning('unknown-key', `Unknown part \`${part}\` of field spec; expected a type, \`default X\`, a range or \`required\``, spec.place);
  }
}
