/**
 * Last-known-good configs, and which configs changed since then. A config's copy is kept as
 * good when it checks clean and is proven: every worker that depends on it is healthy and was
 * started after the config was last written (it runs with this very version), or no worker
 * depends on it. The first clean version seen is kept too, so a fresh agent has something to
 * roll back to. A config whose text differs from its good copy has changed since it was last
 * known good: that goes into an incident's fingerprint and puts the rollback first.
 */
import { join } from 'node:path';
import { healthById, type Diagnosis } from '../diagnose/types.js';
import type { LoadedMap } from '../map/load-map.js';
import type { ComponentId } from '../map/types.js';
import { probeFile } from '../probe/probe-file.js';
import type { SystemProbe } from '../probe/probe-system.js';
import { readLastGood, saveLastGood } from '../repair/repair-config.js';
import { configIsClean } from '../repair/repair-config-text.js';

/** Configs with a good copy, and those that differ from it (with their modification time). */
export interface GoodConfigs {
  good: Set<ComponentId>;
  changed: Map<ComponentId, number>;
}

/** Keeps proven-good copies (unless `save` is false) and reports configs changed since. */
export async function trackGoodConfigs(map: LoadedMap, probe: SystemProbe, diagnosis: Diagnosis, options: { only?: Set<ComponentId>; save: boolean }): Promise<GoodConfigs> {
  const good = new Set<ComponentId>();
  const changed = new Map<ComponentId, number>();
  const health = healthById(diagnosis);
  for (const config of map.model.configs) {
    if (options.only && !options.only.has(config.id)) continue;
    const seen = probe.configs.get(config.id);
    const text = seen?.ok ? seen.value.text : null;
    const copy = await readLastGood(map.model, config);
    const mtimeMs = probeFile(join(map.model.rootDir, config.path), probe.takenAt).mtimeMs;
    // Clean means its fields check and its `validate with` command (if any) passed.
    const clean = text !== null && seen?.ok === true && seen.value.check?.ok !== false && configIsClean(config, text)
      // A config that breaks a cross-config rule is never kept as good (a rollback would bring the mismatch back).
      && !(health.get(config.id)?.problems ?? []).some((p) => p.code === 'config-mismatch');
    if (clean && text === copy) {
      good.add(config.id);
      continue;
    }
    const proven = clean && map.model.workers.filter((w) => w.dependsOn.includes(config.id)).every((w) => {
      const h = health.get(w.id);
      const uptimeSeconds = h?.facts.uptimeSeconds;
      // Started after the last write (a second of slack: uptime is whole seconds).
      return h?.status === 'ok' && typeof uptimeSeconds === 'number' && mtimeMs !== null && probe.takenAt - (uptimeSeconds + 1) * 1000 >= mtimeMs;
    });
    if (options.save && clean && (proven || copy === null)) {
      await saveLastGood(map.model, config, text, seen.value.mode ?? 0o600);
      good.add(config.id);
      continue;
    }
    if (copy !== null) {
      good.add(config.id);
      if (text !== copy && mtimeMs !== null) changed.set(config.id, mtimeMs);
    }
  }
  return { good, changed };
}
