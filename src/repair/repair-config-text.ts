import { canEditFormat } from '../map/config-format.js';
import { matchesType } from '../map/parse-values.js';
import type { ConfigField, ConfigSpec } from '../map/types.js';
import { fieldProblems } from '../diagnose/component-problems.js';
import { describeRefusal } from '../probe/config-formats/config-codec.js';
import { newConfigText, parseConfigText, readField, setConfigField } from '../probe/config-formats/config-text.js';

/** How a config was repaired, said in the history and report; `refused` changed nothing. */
export type ConfigRepairMode = 'created-from-defaults' | 'fixed-fields' | 'restored-last-good' | 'rebuilt-from-defaults' | 'refused';

/** The repaired text of a config and what was changed; `text` is null when healmap refuses to edit it. */
export interface ConfigRepair {
  text: string | null;
  mode: ConfigRepairMode;
  changes: string[];
}

/**
 * Computes a repaired config (pure): missing file -> defaults; unparsable -> the last known good
 * copy, else rebuilt from defaults; a missing field -> its default; a wrong type or out-of-range
 * value -> the last known good value, else the default. Each field is changed by a minimal,
 * checked text edit in the file's format: every other byte stays. When an edit cannot be made
 * safely (a key written twice, a value spanning lines), nothing is changed and a human is asked.
 */
export function repairConfigText(spec: ConfigSpec, current: string | null, lastGood: string | null, preferLastGood = false): ConfigRepair {
  if (!canEditFormat(spec.format)) return refuse(`healmap validates this ${spec.format} config but never rewrites it`);
  if (current === null) {
    const created = newConfigText(spec.format, defaultsOf(spec));
    return created.ok ? { text: created.text, mode: 'created-from-defaults', changes: ['created the file from the map\'s defaults'] } : refuse(created.reason);
  }
  const good = lastGood !== null && configIsClean(spec, lastGood) ? lastGood : null;
  const parsed = parseConfigText(spec.format, current);
  const isObject = parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value);
  if (!isObject || (preferLastGood && good !== null)) {
    if (good !== null) {
      return { text: good, mode: 'restored-last-good', changes: [!isObject ? 'the file did not parse; restored the last known good copy' : 'rolled back to the last known good copy'] };
    }
    const rebuilt = newConfigText(spec.format, defaultsOf(spec));
    if (!rebuilt.ok) return refuse(rebuilt.reason);
    // Never replace a user's file with one that is still broken: a required field with no default
    // cannot be rebuilt, so the file stays as it is (unparsable, but theirs) for a human.
    const lacking = spec.fields.filter((f) => f.required && f.default === undefined).map((f) => `\`${f.name}\``);
    if (lacking.length > 0) return refuse(`the file does not parse and no good copy exists; it cannot be rebuilt from the map's defaults (${lacking.join(', ')} ${lacking.length === 1 ? 'is' : 'are'} required with no default), so it is left as it is for a human`);
    return { text: rebuilt.text, mode: 'rebuilt-from-defaults', changes: ['the file did not parse and no good copy exists; rebuilt it from the map\'s defaults'] };
  }
  const goodValue = good === null ? undefined : (parseConfigText(spec.format, good) as { value: unknown }).value;
  const value = (parsed as { value: unknown }).value;
  const changes: string[] = [];
  let text = current;
  for (const field of spec.fields) {
    const seen = readField(value, field.name, spec.format, field.type);
    if (seen.present && valid(field, seen.value)) continue;
    if (!seen.present && !field.required) continue;
    const fromGood = goodValue === undefined ? undefined : readField(goodValue, field.name, spec.format, field.type);
    const replacement = fromGood?.present && valid(field, fromGood.value) ? { value: fromGood.value, from: 'last known good value' } : field.default !== undefined ? { value: field.default, from: 'default' } : null;
    if (!replacement) {
      changes.push(`\`${field.name}\` has no default and no good value; left for a human`);
      continue;
    }
    const edited = setConfigField(spec.format, text, field.name, replacement.value);
    if (!edited.ok) return refuse(`cannot change \`${field.name}\` safely (${describeRefusal(spec.path, edited)}); left for a human`);
    text = edited.text;
    changes.push(`${seen.present ? 'replaced' : 'added'} \`${field.name}\` = ${JSON.stringify(replacement.value)} (${replacement.from})`);
  }
  if (text === current && good !== null) return { text: good, mode: 'restored-last-good', changes: ['every field checks, but the file does not; restored the last known good copy'] };
  if (text === current) return refuse(changes[0] ?? 'nothing healmap may change would fix it');
  return { text, mode: 'fixed-fields', changes };
}

function refuse(reason: string): ConfigRepair {
  return { text: null, mode: 'refused', changes: [reason] };
}

function valid(field: ConfigField, value: unknown): boolean {
  if (value === undefined) return false;
  if (field.type && !matchesType(value, field.type)) return false;
  if (typeof value === 'number' && ((field.min !== null && value < field.min) || (field.max !== null && value > field.max))) return false;
  return true;
}

function defaultsOf(spec: ConfigSpec): { name: string; value: unknown }[] {
  return spec.fields.filter((f) => f.default !== undefined).map((f) => ({ name: f.name, value: f.default }));
}

/** True when a config's text satisfies its contract (what a last-known-good copy must be). */
export function configIsClean(spec: ConfigSpec, text: string): boolean {
  if (!canEditFormat(spec.format)) return false;
  const parsed = parseConfigText(spec.format, text);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) return false;
  return fieldProblems(spec, parsed.value as Record<string, unknown>).length === 0;
}
