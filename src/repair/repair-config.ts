import { join } from 'node:path';
import { canEditFormat } from '../map/config-format.js';
import type { ConfigSpec, MapModel } from '../map/types.js';
import { CONFIG_MAX_BYTES, readOptionalText } from '../fs/read-regular-file.js';
import { safeName, statePaths } from '../fs/state-paths.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { readSettledFile } from '../probe/read-settled-file.js';
import { backupFile } from './backup-file.js';
import { configIsClean, repairConfigText } from './repair-config-text.js';
import { replaceFileIfUnchanged } from './replace-file.js';

/** The outcome of a config repair, verified by re-reading the file. */
export interface ConfigRepairOutcome {
  ok: boolean;
  detail: string;
  backup: string | null;
  /** Nothing was written because the file is still being written (or changed meanwhile): try later. */
  deferred?: boolean;
  /** Nothing was written because healmap cannot change it safely: a human must. */
  refused?: boolean;
}

/** Path of a config's last-known-good copy. */
export function lastGoodPath(model: MapModel, config: ConfigSpec): string {
  return join(statePaths(model.rootDir).goodConfigs, safeName(config.path));
}

/** Reads a config's last-known-good copy, if healmap kept one. */
export async function readLastGood(model: MapModel, config: ConfigSpec): Promise<string | null> {
  return readOptional(lastGoodPath(model, config));
}

/** Keeps a copy of a config that checks clean, for later rollbacks, readable by no more people than the config. */
export async function saveLastGood(model: MapModel, config: ConfigSpec, text: string, mode = 0o600): Promise<void> {
  if ((await readLastGood(model, config)) !== text) await writeFileAtomic(lastGoodPath(model, config), text, { within: model.rootDir, mode: mode & 0o666 });
}

/**
 * Repairs a config in place: waits until nobody is writing it, backs it up, writes the repaired
 * text atomically with the file's own mode and owner (only if the file did not change since it was
 * read), and verifies it now checks clean. A format healmap cannot edit is never written.
 */
export async function repairConfig(model: MapModel, config: ConfigSpec, preferLastGood: boolean): Promise<ConfigRepairOutcome> {
  if (!canEditFormat(config.format)) {
    return { ok: false, refused: true, backup: null, detail: `healmap validates this ${config.format} config but never rewrites it; left for a human` };
  }
  const path = join(model.rootDir, config.path);
  const settled = await readSettledFile(path, model.settings.debounceMs);
  if (settled.kind === 'changing') return { ok: false, deferred: true, backup: null, detail: `still being written (${settled.why}); left alone until it settles` };
  const current = settled.kind === 'settled' ? settled.text : null;
  const repair = repairConfigText(config, current, await readLastGood(model, config), preferLastGood);
  if (repair.text === null) return { ok: false, refused: true, backup: null, detail: `left unchanged: ${repair.changes.join('; ')}` };
  const backup = settled.kind === 'settled' ? await backupFile(path, config.path, statePaths(model.rootDir).backups, { within: model.rootDir }) : null;
  const saved = backup ? `; backup ${backup}` : '';
  const written = await replaceFileIfUnchanged(path, repair.text, settled.kind === 'settled' ? settled.seen : null, { within: model.rootDir });
  if (!written.ok) return { ok: false, deferred: true, backup, detail: `not repaired: ${written.why}; left alone until it settles${saved}` };
  const ok = configIsClean(config, (await readOptional(path)) ?? '');
  return { ok, detail: `${repair.mode}: ${repair.changes.join('; ')}${saved}`, backup };
}

function readOptional(path: string): Promise<string | null> {
  return readOptionalText(path, CONFIG_MAX_BYTES);
}
