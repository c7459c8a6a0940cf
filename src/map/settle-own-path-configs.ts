/**
 * A worker's own pidfile or lock that the map also declares as a config (a Configs row naming it;
 * a register's "PID / lock file" column is no longer read as configs, see read-table-kind.ts) is that
 * worker's bookkeeping, not a config: a config healmap could never
 * check (a format it cannot read, no schema, no `validate with`; any fields read for it are never
 * checked) at such a path is dropped, with a positioned warning saying which reading was kept. A
 * config with a schema, a validator or a readable format stays, and a lock naming it stays an error
 * (check-reserved-paths).
 * One path read as both a worker's pidfile and its lock (a "PID / lock file" column) is one of the
 * two by its extension: a `.pid` is never deleted as a stale lock, a `.lock` never read for a pid.
 */
import { formatPlace, type MessageSink } from './messages.js';
import type { ComponentId, ConfigSpec, MapFact, WorkerSpec } from './types.js';

/** Drops the empty configs that are a worker's own pidfile or lock; returns the dropped ids. */
export function settleOwnPathConfigs(workers: Map<ComponentId, WorkerSpec>, configs: Map<ComponentId, ConfigSpec>, mapLabel: string, sink: MessageSink): Set<ComponentId> {
  const dropped = new Set<ComponentId>();
  for (const worker of workers.values()) {
    if (worker.lock !== null && worker.lock === worker.pidfile) {
      if (worker.lock.endsWith('.pid')) worker.lock = null;
      else if (worker.lock.endsWith('.lock')) worker.pidfile = null;
    }
    for (const [key, path] of [['lock', worker.lock], ['pidfile', worker.pidfile]] as const) {
      if (path === null) continue;
      const id: ComponentId = `config:${path}`;
      const config = configs.get(id);
      if (!config || !carriesNothing(config)) continue;
      configs.delete(id);
      dropped.add(id);
      sink.warning('own-path-not-config', `\`${path}\` is the ${key} of worker \`${worker.name}\` and was also read as a config at ${formatPlace(mapLabel, config.place)}; read as that worker's ${key}, not a config`, config.place);
    }
  }
  if (dropped.size > 0) for (const worker of workers.values()) worker.dependsOn = worker.dependsOn.filter((dep) => !dropped.has(dep));
  return dropped;
}

/** True when healmap could never check the config: no schema, no validator, a format it cannot read. */
function carriesNothing(config: ConfigSpec): boolean {
  return config.schema === undefined && config.validateWith === null && config.format === 'opaque';
}

/** The facts left once the dropped configs are gone (their own facts and edges to them). */
export function withoutDroppedConfigs(facts: MapFact[], dropped: ReadonlySet<ComponentId>): MapFact[] {
  return dropped.size === 0 ? facts : facts.filter((f) => !dropped.has(f.component) && !dropped.has(f.value as ComponentId));
}
