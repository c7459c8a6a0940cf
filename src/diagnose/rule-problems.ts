/**
 * Cross-config rules checked against what the probes read (pure). A field a rule covers is
 * judged by the rule, not by its own contract: while its source of truth is healthy, a missing,
 * mistyped or different value is one `config-mismatch` on the dependent config, naming both values.
 * A source of truth that lacks the field is the problem of the source; a source that is broken in
 * any way is the root cause, through the graph, and nothing is compared.
 */
import type { ComponentId, ConfigRule, ConfigSpec, FieldType, MapModel } from '../map/types.js';
import { readField } from '../probe/config-formats/config-text.js';
import type { SystemProbe } from '../probe/probe-system.js';
import { configProblems, problem } from './component-problems.js';
import { NO_PROBLEMS, type Problem } from './types.js';

/** One rule as it stands now: the dependent's value, the source's (converted), and whether it can be copied. */
export interface RuleCheck {
  rule: ConfigRule;
  holds: boolean;
  /** The dependent's value; undefined when the field is absent. */
  value: unknown;
  /** The source's value, converted to the dependent field's type. */
  wanted: unknown;
  /** Why the source's value cannot be copied (no conversion, outside the dependent's range), or null. */
  refusal: string | null;
}

/** What a config's diagnosis says of its rules (its `rules` fact). */
export interface RuleFact {
  rule: string;
  holds: boolean;
  value: unknown;
  sourceValue: unknown;
  refusal: string | null;
}

/** The rules a config is the dependent of. */
export function rulesOf(model: Pick<MapModel, 'rules'>, id: ComponentId): ConfigRule[] {
  return (model.rules ?? []).filter((r) => r.config === id);
}

/**
 * A config's problems with its rules applied: its own contract without the ruled fields, then,
 * when that is clean, a missing source field (as a source) and each mismatch (as a dependent)
 * whose source is healthy. `facts` lists each rule checked.
 */
export function ruledConfigProblems(config: ConfigSpec, model: MapModel, probe: SystemProbe, isUnhealthy: (id: ComponentId) => boolean): { problems: readonly Problem[]; facts: RuleFact[] } {
  const asDependent = rulesOf(model, config.id);
  const asSource = (model.rules ?? []).filter((r) => r.source === config.id);
  const spec = asDependent.length === 0 ? config : { ...config, fields: config.fields.filter((f) => !asDependent.some((r) => r.field === f.name)) };
  const own = configProblems(spec, probe);
  if (own.length > 0 || (asDependent.length === 0 && asSource.length === 0)) return { problems: own, facts: [] };
  const seen = probe.configs.get(config.id);
  const value = seen?.ok ? seen.value.value : undefined;
  const problems: Problem[] = [];
  for (const rule of asSource) {
    const field = config.fields.find((f) => f.name === rule.sourceField);
    if (!readField(value, rule.sourceField, config.format, field?.type ?? null).present) {
      problems.push(problem('config-source-field-missing', `\`${rule.sourceField}\` is missing, and it is the source of truth of ${nameOf(rule.config)}#${rule.field} (rule at line ${rule.place.line})`));
    }
  }
  const facts: RuleFact[] = [];
  for (const rule of asDependent) {
    const source = model.configs.find((c) => c.id === rule.source);
    const sourceSeen = probe.configs.get(rule.source);
    // A broken source is the root cause (through the graph); an unprobed one is not judged now.
    if (!source || isUnhealthy(rule.source) || !sourceSeen?.ok || !sourceSeen.value.exists || sourceSeen.value.parseError) continue;
    const check = checkRule(rule, config, value, source, sourceSeen.value.value);
    if (!check) continue;
    facts.push({ rule: `${nameOf(rule.config)}#${rule.field} = ${nameOf(rule.source)}#${rule.sourceField}`, holds: check.holds, value: check.value, sourceValue: check.wanted, refusal: check.refusal });
    if (!check.holds) problems.push(problem('config-mismatch', describeMismatch(check)));
  }
  return { problems: problems.length > 0 ? problems : NO_PROBLEMS, facts };
}

/**
 * Compares one rule's two fields: the source's value is converted to the dependent field's type
 * (declared, else the type the dependent holds now, else the source's declared type). Null when
 * the source lacks the field.
 */
export function checkRule(rule: ConfigRule, dependent: ConfigSpec, dependentValue: unknown, source: ConfigSpec, sourceValue: unknown): RuleCheck | null {
  const dependentField = dependent.fields.find((f) => f.name === rule.field);
  const sourceType = source.fields.find((f) => f.name === rule.sourceField)?.type ?? null;
  const from = readField(sourceValue, rule.sourceField, source.format, sourceType);
  if (!from.present) return null;
  const declared = dependentField?.type ?? null;
  const now = readField(dependentValue, rule.field, dependent.format, declared);
  const type = declared ?? (now.present ? scalarType(now.value) : null) ?? sourceType;
  const converted = convertValue(from.value, type);
  if (!converted.ok) return { rule, holds: false, value: now.present ? now.value : undefined, wanted: from.value, refusal: `${formatValue(from.value)} ${converted.reason}` };
  const wanted = converted.value;
  const min = dependentField?.min ?? null;
  const max = dependentField?.max ?? null;
  const outside = typeof wanted === 'number' && ((min !== null && wanted < min) || (max !== null && wanted > max));
  const holds = now.present && now.value === wanted;
  const refusal = outside ? `${formatValue(wanted)} is outside ${nameOf(rule.config)}#${rule.field}'s range ${min ?? ''}..${max ?? ''}` : null;
  return { rule, holds, value: now.present ? now.value : undefined, wanted, refusal: holds ? null : refusal };
}

/** `pool.json#rpc_port 8331 ≠ bitcoin.conf#rpcport 8332 (source of truth)`, as problems and the history say it. */
export function describeMismatch(check: RuleCheck): string {
  const { rule } = check;
  const left = `${nameOf(rule.config)}#${rule.field}`;
  const right = `${nameOf(rule.source)}#${rule.sourceField} ${formatValue(check.wanted)} (source of truth)`;
  const refusal = check.refusal ? `; cannot be copied: ${check.refusal}` : '';
  return check.value === undefined ? `${left} is missing; ${right}${refusal}` : `${left} ${formatValue(check.value)} ≠ ${right}${refusal}`;
}

/** Converts a copied value to a field type; a value that is not one is refused with why. */
export function convertValue(value: unknown, type: FieldType | null): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (typeof value === 'object' && value !== null) return { ok: false, reason: 'is not a single value (healmap copies text, numbers and booleans)' };
  if (type === null || value === null) return { ok: true, value };
  if (type === 'string') return { ok: true, value: String(value) };
  if (type === 'boolean') {
    if (typeof value === 'boolean') return { ok: true, value };
    const lower = String(value).trim().toLowerCase();
    if (['true', 'yes', 'on', '1'].includes(lower)) return { ok: true, value: true };
    if (['false', 'no', 'off', '0'].includes(lower)) return { ok: true, value: false };
    return { ok: false, reason: 'is not a boolean' };
  }
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isNaN(number)) return { ok: false, reason: `is not a number` };
  if (type === 'integer' && !Number.isInteger(number)) return { ok: false, reason: 'is not an integer' };
  return { ok: true, value: number };
}

function scalarType(value: unknown): FieldType | null {
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : typeof value === 'string' ? 'string' : null;
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function nameOf(id: ComponentId): string {
  return id.slice(id.indexOf(':') + 1);
}
