import { matchesType } from '../map/parse-values.js';
import type { ConfigField, ConfigSpec } from '../map/types.js';
import { fieldProblems } from '../diagnose/component-problems.js';

/** How a config was repaired, said in the history and report. */
export type ConfigRepairMode = 'created-from-defaults' | 'fixed-fields' | 'restored-last-good' | 'rebuilt-from-defaults';

/** The repaired text of a config and what was changed. */
export interface ConfigRepair {
  text: string;
  mode: ConfigRepairMode;
  changes: string[];
}

/**
 * Computes a repaired config (pure): missing file -> defaults; unparsable -> the last known good
 * copy, else rebuilt from defaults; a missing field -> its default; a wrong type or out-of-range
 * value -> the last known good value, else the default. Every field the map does not mention is
 * kept, in its order, with the file's indentation.
 */
export function repairConfigText(spec: ConfigSpec, current: string | null, lastGood: string | null, preferLastGood = false): ConfigRepair {
  const good = parseObject(lastGood);
  if (current === null) {
    return { text: serialize(defaultsOf(spec), 2), mode: 'created-from-defaults', changes: ['created the file from the map\'s defaults'] };
  }
  const parsed = parseObject(current);
  const indent = detectIndent(current);
  if (parsed === null || (preferLastGood && good !== null)) {
    if (good !== null && lastGood !== null) {
      return { text: lastGood, mode: 'restored-last-good', changes: [parsed === null ? 'the file did not parse; restored the last known good copy' : 'rolled back to the last known good copy'] };
    }
    return { text: serialize(defaultsOf(spec), indent), mode: 'rebuilt-from-defaults', changes: ['the file did not parse and no good copy exists; rebuilt it from the map\'s defaults'] };
  }
  const changes: string[] = [];
  const fixed = { ...parsed };
  for (const field of spec.fields) {
    const present = Object.prototype.hasOwnProperty.call(fixed, field.name);
    if (present && valid(field, fixed[field.name])) continue;
    if (!present && !field.required) continue;
    const replacement = good && valid(field, good[field.name]) ? { value: good[field.name], from: 'last known good value' } : field.default !== undefined ? { value: field.default, from: 'default' } : null;
    if (!replacement) {
      changes.push(`\`${field.name}\` has no default and no good value; left for a human`);
      continue;
    }
    fixed[field.name] = replacement.value;
    changes.push(`${present ? 'replaced' : 'added'} \`${field.name}\` = ${JSON.stringify(replacement.value)} (${replacement.from})`);
  }
  return { text: serialize(fixed, indent), mode: 'fixed-fields', changes };
}

function valid(field: ConfigField, value: unknown): boolean {
  if (value === undefined) return false;
  if (field.type && !matchesType(value, field.type)) return false;
  if (typeof value === 'number' && ((field.min !== null && value < field.min) || (field.max !== null && value > field.max))) return false;
  return true;
}

function defaultsOf(spec: ConfigSpec): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const field of spec.fields) if (field.default !== undefined) result[field.name] = field.default;
  return result;
}

function parseObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function detectIndent(text: string): string | number {
  const match = /\n([ \t]+)"/.exec(text);
  return match?.[1] ?? 2;
}

function serialize(value: Record<string, unknown>, indent: string | number): string {
  return `${JSON.stringify(value, null, indent)}\n`;
}

/** True when a config's text satisfies its contract (what a last-known-good copy must be). */
export function configIsClean(spec: ConfigSpec, text: string): boolean {
  const parsed = parseObject(text);
  return parsed !== null && fieldProblems(spec, parsed).length === 0;
}
