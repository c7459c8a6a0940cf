/**
 * A data file a worker writes is never a config, however the prose around it reads ("Settings in
 * `data/latest.json`"): its config declaration and fields are dropped with one warning each, so
 * the file keeps its producer and freshness and the map is not rejected for the ambiguity.
 */
import type { RawMap } from './collect-entries.js';
import type { MessageSink } from './messages.js';
import { splitList } from './parse-values.js';

/** Removes, in place, the configs and config fields whose path a worker writes. */
export function dropWrittenConfigs(raw: RawMap, sink: MessageSink): void {
  const key = (text: string): string => text.trim().replace(/^`|`$/g, '').replace(/^\.\//, '');
  const written = new Set<string>();
  for (const output of raw.outputs) for (const to of output.to) written.add(key(to.text));
  for (const file of raw.files) if (file.values.get('producer')?.text.trim()) written.add(key(file.values.get('path')?.text ?? ''));
  for (const worker of raw.workers) for (const path of splitList(worker.values.get('produces')?.text ?? '')) written.add(key(path.split(/\s+/)[0] ?? ''));
  const warned = new Set<string>();
  const keep = (path: { text: string; place: { line: number; column: number } }): boolean => {
    const k = key(path.text);
    if (!written.has(k)) return true;
    if (!warned.has(k)) sink.warning('config-is-file', `\`${k}\` is written by a worker, so it is read as a data file, not as a config; its config fields are ignored`, path.place);
    warned.add(k);
    return false;
  };
  raw.configs = raw.configs.filter((c) => c.schema !== undefined || keep(c.path));
  raw.configFields = raw.configFields.filter((f) => keep(f.configPath));
}
