/**
 * Paths a map may not declare: anything inside `.healmap/` (healmap's own state, which a repair
 * would otherwise rebuild or delete), and a lock that is also a data file or a config (removing a
 * "stale lock" would delete it).
 */
import { STATE_FOLDER } from '../fs/confine-path.js';
import { formatPlace, type MessageSink } from './messages.js';
import type { ConfigSpec, FileSpec, WorkerSpec } from './types.js';

/** True when a normalized map path is the state folder or lies inside it. */
export function isInStateFolder(path: string): boolean {
  return path === STATE_FOLDER || path.startsWith(`${STATE_FOLDER}/`);
}

/** Reports every declared path inside `.healmap/`, and every lock that names a file or config. */
export function checkReservedPaths(workers: WorkerSpec[], files: FileSpec[], configs: ConfigSpec[], mapLabel: string, sink: MessageSink, ownLocks: ReadonlySet<string> = new Set()): void {
  const refuse = (what: string, path: string, place: WorkerSpec['place']): void => {
    sink.error('path-in-state-folder', `Expected ${what} outside \`${STATE_FOLDER}/\` (healmap's own state), got \`${path}\``, place);
  };
  const data = new Map<string, { kind: string; place: WorkerSpec['place'] }>();
  for (const file of files) {
    data.set(file.path, { kind: 'data file', place: file.place });
    if (isInStateFolder(file.path)) refuse('a data file', file.path, file.place);
  }
  for (const config of configs) {
    data.set(config.path, { kind: 'config', place: config.place });
    if (isInStateFolder(config.path)) refuse('a config', config.path, config.place);
  }
  for (const worker of workers) {
    for (const [key, path] of [['pidfile', worker.pidfile], ['lock', worker.lock], ['cwd', worker.cwd]] as const) {
      if (path !== null && isInStateFolder(path)) refuse(`the ${key} of worker \`${worker.name}\``, path, worker.place);
    }
    const clash = worker.lock === null ? undefined : data.get(worker.lock);
    if (worker.lock !== null && clash && !(clash.kind === 'data file' && ownLocks.has(worker.id))) {
      sink.error('lock-is-data', `Expected the lock of worker \`${worker.name}\` to be a file of its own, got \`${worker.lock}\`, the ${clash.kind} at ${formatPlace(mapLabel, clash.place)}; a stale lock is deleted, so it may not name data`, worker.place);
    }
  }
}
