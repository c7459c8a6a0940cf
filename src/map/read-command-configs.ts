/**
 * The config a worker's own command line is given (`./qc --rules qc.toml`, `ruby engine.rb -c
 * recipes.yaml`) is a config that worker reads: a dependency, as certain as a sentence saying so.
 * An argument counts when the map declares it as a config, or when a config flag (`-c`, `--config`,
 * `--settings`) names it; any other path in a command may as well be what the worker writes.
 */
import type { RawMap, RawValue } from './collect-entries.js';
import { isConfigPath } from './read-text.js';

const CONFIG_FLAG = /^-{1,2}(?:c|conf|config|config-file|configfile|settings|rules|profile|env-file)$/i;

/** Adds a dependency from each worker on the configs its command line names (declared, or after a config flag). */
export function readCommandConfigs(raw: RawMap): void {
  const declared = new Set([...raw.configs.map((c) => c.path.text), ...raw.configFields.map((f) => f.configPath.text)]);
  const produced = new Set(raw.outputs.flatMap((o) => o.to.map((t) => t.text)));
  for (const entry of raw.workers) {
    const name = entry.values.get('name');
    const command = entry.values.get('command');
    if (!name || !command) continue;
    const configs: RawValue[] = [];
    const words = command.text.split(/\s+/);
    for (const [i, word] of words.entries()) {
      // `--config=x.yaml` and `--config x.yaml` alike.
      const [flag, inline] = word.includes('=') ? word.split('=', 2) : [words[i - 1] ?? '', word];
      const path = (inline ?? '').replace(/^["']|["']$/g, '');
      if (!isConfigPath(path) || produced.has(path)) continue;
      // A flagged path outside the map's folder (`-conf=/etc/x.conf`) is not the team's to track.
      if (!declared.has(path) && (!CONFIG_FLAG.test(flag ?? '') || /^(?:\/|~|\.\.\/)/.test(path))) continue;
      configs.push({ text: path, place: command.place });
      if (!declared.has(path)) raw.configs.push({ path: { text: path, place: command.place }, values: new Map() });
      declared.add(path);
    }
    if (configs.length > 0) raw.dependencies.push({ from: name, to: configs, soft: true });
  }
}
