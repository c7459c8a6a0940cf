/**
 * What healmap understood of a map, component by component, each fact with the line it came
 * from, then what it ignored: the prose sections it skipped on purpose and every warning about
 * something it did not read. Pure: a loaded map in, plain data or text out.
 */
import type { LoadedMap } from '../map/load-map.js';
import { isRecoveryHeading } from '../map/read-recovery.js';
import { describeRule, isRulesHeading } from '../map/read-config-rules.js';
import type { ComponentId, MapMessage } from '../map/types.js';

/** One fact of a component, with its line. */
export interface ExplainedFact {
  fact: string;
  value: string;
  line: number;
  column: number;
}

/** One component and the facts read about it. */
export interface ExplainedComponent {
  id: ComponentId;
  kind: 'worker' | 'file' | 'config';
  name: string;
  line: number;
  facts: ExplainedFact[];
}

/** The whole explanation, as `lint --json` prints it. */
export interface Explanation {
  map: string;
  ok: boolean;
  errors: number;
  warnings: number;
  components: ExplainedComponent[];
  /** Cross-config rules, each with its direction said: left the dependent, right the source of truth. */
  rules: { rule: string; dependent: string; source: string; line: number; column: number }[];
  ignored: { what: string; why: string; line: number; column: number }[];
  messages: { severity: MapMessage['severity']; rule: string; message: string; line: number; column: number }[];
}

// Rules that mean "this part of the map was seen but not read".
const NOT_READ_RULES = new Set(['table-not-read', 'diagram-not-read', 'block-not-read', 'prose-reference', 'outside-reference',
  'not-a-worker', 'unknown-key', 'range-not-read', 'unreadable-dependency', 'table-without-name', 'empty-name']);

/** Builds the explanation of a loaded map. */
export function explainMap(map: LoadedMap): Explanation {
  const { model } = map;
  const byId = new Map<ComponentId, ExplainedComponent>();
  for (const w of model.workers) byId.set(w.id, { id: w.id, kind: 'worker', name: w.name, line: w.place.line, facts: [] });
  for (const f of model.files) byId.set(f.id, { id: f.id, kind: 'file', name: f.path, line: f.place.line, facts: [] });
  for (const c of model.configs) byId.set(c.id, { id: c.id, kind: 'config', name: c.path, line: c.place.line, facts: [] });
  for (const fact of model.facts ?? []) {
    byId.get(fact.component)?.facts.push({ fact: FACT_LABELS[fact.fact] ?? fact.fact, value: fact.value, line: fact.place.line, column: fact.place.column });
  }
  // Declared recovery steps, as the ladder will run them.
  for (const w of model.workers) {
    for (const st of w.recovery ?? []) {
      byId.get(w.id)?.facts.push({ fact: 'recovery step', value: `on ${st.when}: \`${st.command}\`, ${st.then === 'restart' ? 'then restart' : 'instead of a restart'}, timeout ${st.timeoutMs / 1000}s`, line: st.place.line, column: st.place.column });
    }
  }
  // Cross-config rules, on both configs they tie.
  for (const rule of model.rules ?? []) {
    byId.get(rule.config)?.facts.push({ fact: 'must equal', value: `${rule.source.slice(7)}#${rule.sourceField} (source of truth) for \`${rule.field}\``, line: rule.place.line, column: rule.place.column });
    byId.get(rule.source)?.facts.push({ fact: 'source of truth', value: `\`${rule.sourceField}\` for ${rule.config.slice(7)}#${rule.field} (never edited)`, line: rule.place.line, column: rule.place.column });
  }
  for (const file of model.files) {
    const component = byId.get(file.id);
    if (component && file.producer && !component.facts.some((f) => f.fact === 'producer')) {
      const by = byId.get(file.producer);
      const line = by?.facts.find((f) => f.fact === 'produces' && f.value === file.id)?.line ?? by?.line ?? file.place.line;
      component.facts.push({ fact: 'producer', value: file.producer, line, column: 1 });
    }
  }
  const ignored = [
    ...(model.ignored ?? []).filter((p) => !isRecoveryHeading(p.heading) && !isRulesHeading(p.heading)).map((p) => ({ what: `section \`${p.heading}\``, why: 'prose (changelog, runbook, troubleshooting, history...): never read for values', line: p.place.line, column: p.place.column })),
    ...map.messages.filter((m) => NOT_READ_RULES.has(m.rule)).map((m) => ({ what: m.rule, why: m.message, line: m.place.line, column: m.place.column })),
  ].sort((a, b) => a.line - b.line || a.column - b.column);
  const errors = map.messages.filter((m) => m.severity === 'error').length;
  return {
    map: map.label,
    ok: map.ok,
    errors,
    warnings: map.messages.length - errors,
    components: [...byId.values()].sort((a, b) => a.line - b.line).map((c) => ({ ...c, facts: c.facts.sort((a, b) => a.line - b.line || a.column - b.column) })),
    rules: (model.rules ?? []).map((r) => ({ rule: describeRule(r), dependent: `${r.config.slice(7)}#${r.field}`, source: `${r.source.slice(7)}#${r.sourceField}`, line: r.place.line, column: r.place.column })),
    ignored,
    messages: map.messages.map((m) => ({ severity: m.severity, rule: m.rule, message: m.message, line: m.place.line, column: m.place.column })),
  };
}

const FACT_LABELS: Record<string, string> = {
  dependsOn: 'depends on', startWithin: 'start within', createWith: 'create with', freshness: 'fresh within', envFile: 'env file',
  stopSignal: 'stop signal', maxMemory: 'max memory', restartBeforeBreach: 'restart before breach',
  onUnhealthy: 'on unhealthy', onStale: 'on stale', onDead: 'on dead', partOf: 'part of',
};

/** The explanation as text for people: one block per component, facts with their lines. */
export function renderExplanation(explanation: Explanation): string {
  const lines: string[] = [`${explanation.map}: what healmap understood (${explanation.components.length} components)`, ''];
  for (const component of explanation.components) {
    lines.push(`${component.kind} ${component.name}  (line ${component.line})`);
    if (component.facts.length === 0) lines.push('  (named only)');
    const width = Math.max(0, ...component.facts.map((f) => f.fact.length));
    for (const fact of component.facts) lines.push(`  ${fact.fact.padEnd(width)}  ${fact.value}  (line ${fact.line})`);
    lines.push('');
  }
  if (explanation.rules.length > 0) {
    lines.push('Cross-config rules (left: the dependent, healmap copies into it; right: the source of truth, never edited):');
    for (const rule of explanation.rules) lines.push(`  ${rule.dependent} = ${rule.source}  (line ${rule.line})`);
    lines.push('');
  }
  lines.push(explanation.ignored.length === 0 ? 'Ignored: nothing.' : 'Ignored:');
  for (const item of explanation.ignored) lines.push(`  line ${item.line}: ${item.what}: ${item.why}`);
  const problems = explanation.messages.filter((m) => !NOT_READ_RULES.has(m.rule));
  if (problems.length > 0) {
    lines.push('', 'Problems:');
    for (const m of problems) lines.push(`  line ${m.line}:${m.column}: ${m.severity}: ${m.message} [${m.rule}]`);
  }
  lines.push('', `${explanation.errors} error${explanation.errors === 1 ? '' : 's'}, ${explanation.warnings} warning${explanation.warnings === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}
