import { join } from 'node:path';
import type { ConfigSpec, MapModel } from '../map/types.js';
import { statePaths } from '../fs/state-paths.js';
import { checkRule, describeMismatch, rulesOf, type RuleCheck } from '../diagnose/rule-problems.js';
import { parseConfigText, setConfigField } from '../probe/config-formats/config-text.js';
import { describeRefusal } from '../probe/config-formats/config-codec.js';
import { readSettledFile } from '../probe/read-settled-file.js';
import { CONFIG_MAX_BYTES, readOptionalText } from '../fs/read-regular-file.js';
import { backupFile } from './backup-file.js';
import type { ConfigRepairOutcome } from './repair-config.js';
import { replaceFileIfUnchanged } from './replace-file.js';

/**
 * Repairs a config that breaks its cross-config rules by copying each source of truth's value
 * into it: both files are read once they are quiet, every value is set by the minimal, checked
 * text edit of the config's format (comments and layout kept), the file is backed up and replaced
 * only if it did not change meanwhile, then re-read to verify every rule holds. The source of
 * truth is only read. Nothing is written when a source is missing or does not parse, or when a
 * value cannot be converted to the dependent field's type.
 */
export async function copyConfigValues(model: MapModel, config: ConfigSpec): Promise<ConfigRepairOutcome & { written: boolean }> {
  return { written: false, ...(await copyValues(model, config)) };
}

async function copyValues(model: MapModel, config: ConfigSpec): Promise<ConfigRepairOutcome & { written?: boolean }> {
  const path = join(model.rootDir, config.path);
  const refused = (detail: string): ConfigRepairOutcome => ({ ok: false, refused: true, backup: null, detail });
  const settled = await readSettledFile(path, model.settings.debounceMs);
  if (settled.kind === 'changing') return { ok: false, deferred: true, backup: null, detail: `still being written (${settled.why}); left alone until it settles` };
  if (settled.kind === 'missing') return refused(`${config.path} does not exist; nothing copied`);
  const sources = new Map<string, unknown>();
  for (const rule of rulesOf(model, config.id)) {
    if (sources.has(rule.source)) continue;
    const source = model.configs.find((c) => c.id === rule.source) as ConfigSpec;
    const read = await readSettledFile(join(model.rootDir, source.path), model.settings.debounceMs);
    if (read.kind === 'changing') return { ok: false, deferred: true, backup: null, detail: `the source of truth ${source.path} is still being written (${read.why}); nothing copied until it settles` };
    if (read.kind === 'missing') return refused(`the source of truth ${source.path} is missing; nothing copied`);
    const parsed = parseConfigText(source.format, read.text);
    if (!parsed.ok) return refused(`the source of truth ${source.path} does not parse (${parsed.error.message}); nothing copied`);
    sources.set(rule.source, parsed.value);
  }
  const checks = checkAll(model, config, settled.text, sources);
  if (typeof checks === 'string') return refused(checks);
  let text = settled.text;
  const changes: string[] = [];
  for (const check of checks.filter((c) => !c.holds)) {
    if (check.refusal) return refused(`${describeMismatch(check)}; left for a human`);
    const edited = setConfigField(config.format, text, check.rule.field, check.wanted);
    if (!edited.ok) return refused(`cannot change \`${check.rule.field}\` safely (${describeRefusal(config.path, edited)}); left for a human`);
    text = edited.text;
    changes.push(`${describeMismatch(check)}: copied`);
  }
  if (changes.length === 0) return { ok: true, backup: null, detail: 'every rule already holds; nothing written' };
  const backup = await backupFile(path, config.path, statePaths(model.rootDir).backups, { within: model.rootDir });
  const written = await replaceFileIfUnchanged(path, text, settled.seen, { within: model.rootDir });
  if (!written.ok) return { ok: false, deferred: true, backup, detail: `not repaired: ${written.why}; left alone until it settles; backup ${backup}` };
  // Verified by reading the file back: every rule must hold now.
  const after = checkAll(model, config, (await readOptionalText(path, CONFIG_MAX_BYTES)) ?? '', sources);
  const holds = typeof after !== 'string' && after.every((c) => c.holds);
  return { ok: holds, written: true, backup, detail: `${changes.join('; ')}; backup ${backup}${holds ? '' : `; still broken after the write: ${typeof after === 'string' ? after : after.filter((c) => !c.holds).map(describeMismatch).join('; ')}`}` };
}

// Every rule of the config checked against its text, or why the text cannot be checked.
function checkAll(model: MapModel, config: ConfigSpec, text: string, sources: Map<string, unknown>): RuleCheck[] | string {
  const parsed = parseConfigText(config.format, text);
  if (!parsed.ok) return `${config.path} does not parse (${parsed.error.message}); nothing copied`;
  const checks: RuleCheck[] = [];
  for (const rule of rulesOf(model, config.id)) {
    const source = model.configs.find((c) => c.id === rule.source) as ConfigSpec;
    const check = checkRule(rule, config, parsed.value, source, sources.get(rule.source));
    if (!check) return `the source of truth ${source.path} has no \`${rule.sourceField}\`; nothing copied`;
    checks.push(check);
  }
  return checks;
}
