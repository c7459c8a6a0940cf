import { join } from 'node:path';
import type { ConfigSpec, MapModel } from '../map/types.js';
import { CONFIG_MAX_BYTES, readOptionalText } from '../fs/read-regular-file.js';
import { safeName, statePaths } from '../fs/state-paths.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { backupFile } from './backup-file.js';
import { configIsClean, repairConfigText } from './repair-config-text.js';

/** The outcome of a config repair, verified by re-reading the file. */
export interface ConfigRepairOutcome {
  ok: boolean;
  detail: string;
  backup: string | null;
}

/** Path of a config's last-known-good copy. */
export function lastGoodPath(model: MapModel, config: ConfigSpec): string {
  return join(statePaths(model.rootDir).goodConfigs, safeName(config.path));
}

/** Reads a config's last-known-good copy, if healmap kept one. */
export async function readLastGood(model: MapModel, config: ConfigSpec): Promise<string | null> {
  return readOptional(lastGoodPath(model, config));
}

/** Keeps a copy of a config that checks clean, for later rollbacks. */
export async function saveLastGood(model: MapModel, config: ConfigSpec, text: string): Promise<void> {
  if ((await readLastGood(model, config)) !== text) await writeFileAtomic(lastGoodPath(model, config), text, { within: model.rootDir });
}

/** Backs up the config, writes the repaired text atomically and verifies it now checks clean. */
export async function repairConfig(model: MapModel, config: ConfigSpec, preferLastGood: boolean): Promise<ConfigRepairOutcome> {
  const path = join(model.rootDir, config.path);
  const current = await readOptional(path);
  const repair = repairConfigText(config, current, await readLastGood(model, config), preferLastGood);
  const backup = current === null ? null : await backupFile(path, config.path, statePaths(model.rootDir).backups);
  await writeFileAtomic(path, repair.text, { within: model.rootDir });
  const ok = configIsClean(config, (await readOptional(path)) ?? '');
  const saved = backup ? `; backup ${backup}` : '';
  return { ok, detail: `${repair.mode}: ${repair.changes.join('; ')}${saved}`, backup };
}

function readOptional(path: string): Promise<string | null> {
  return readOptionalText(path, CONFIG_MAX_BYTES);
}
