import { join } from 'node:path';

/** Where healmap keeps its own state: `.healmap/` beside the map, never anywhere else. */
export interface StatePaths {
  root: string;
  run: string;
  logs: string;
  backups: string;
  goodConfigs: string;
  history: string;
  state: string;
  heartbeat: string;
  agentLock: string;
  actionLock: string;
  lastReport: string;
}

/** The state folder layout for a map whose folder is `rootDir`. */
export function statePaths(rootDir: string): StatePaths {
  const root = join(rootDir, '.healmap');
  return {
    root,
    run: join(root, 'run'),
    logs: join(root, 'logs'),
    backups: join(root, 'backups'),
    goodConfigs: join(root, 'good'),
    history: join(root, 'history.jsonl'),
    state: join(root, 'state.json'),
    heartbeat: join(root, 'heartbeat.json'),
    agentLock: join(root, 'agent.lock'),
    actionLock: join(root, 'actions.lock'),
    lastReport: join(root, 'report.json'),
  };
}

// File names are limited to 255 bytes; what healmap adds around a safe name (`.pid`, `.log.1`,
// a temp suffix, a backup time stamp) stays well within the rest.
const SAFE_NAME_MAX = 180;

/**
 * A file-name-safe form of a worker name or map path (names may hold any Unicode, even slashes):
 * percent-encoded, and when that is longer than a file name may be, cut and suffixed with a hash
 * of the whole name, so two long names never share a file.
 */
export function safeName(name: string): string {
  const encoded = encodeURIComponent(name).replace(/\*/g, '%2A');
  if (encoded.length <= SAFE_NAME_MAX) return encoded;
  // node:crypto loaded at first use, not on import: a one-shot `check` never needs it.
  const hash = process.getBuiltinModule('node:crypto').createHash('sha256').update(name).digest('hex').slice(0, 16);
  // Cut before a partial %XX escape so the kept part still decodes.
  const kept = encoded.slice(0, SAFE_NAME_MAX - 17).replace(/%[0-9A-F]?$/, '');
  return `${kept}~${hash}`;
}

/** The pidfile healmap writes for a worker it started. */
export function workerPidfile(paths: StatePaths, workerName: string): string {
  return join(paths.run, `${safeName(workerName)}.pid`);
}

/** The log a started worker's stdout and stderr go to. */
export function workerLog(paths: StatePaths, workerName: string): string {
  return join(paths.logs, `${safeName(workerName)}.log`);
}

/**
 * The absolute paths of one loaded map, each computed once: a long-running agent asks for the
 * same 10,000 paths every cycle, and `path.join` allocates several strings per call.
 */
export class MapPaths {
  readonly state: StatePaths;
  private readonly absolutes = new Map<string, string>();
  private readonly pidfiles = new Map<string, string>();
  private readonly logs = new Map<string, string>();

  constructor(readonly rootDir: string) {
    this.state = statePaths(rootDir);
  }

  /** A map path (relative to the map's folder) made absolute. */
  absolute(relative: string): string {
    return memo(this.absolutes, relative, () => join(this.rootDir, relative));
  }

  /** The pidfile healmap writes for a worker it started. */
  pidfile(workerName: string): string {
    return memo(this.pidfiles, workerName, () => workerPidfile(this.state, workerName));
  }

  /** The log a started worker's output goes to. */
  log(workerName: string): string {
    return memo(this.logs, workerName, () => workerLog(this.state, workerName));
  }
}

const pathsByModel = new WeakMap<object, MapPaths>();

/** The (shared, cached) paths of a loaded map. */
export function mapPaths(model: { rootDir: string }): MapPaths {
  let paths = pathsByModel.get(model);
  if (!paths) pathsByModel.set(model, (paths = new MapPaths(model.rootDir)));
  return paths;
}

function memo(cache: Map<string, string>, key: string, compute: () => string): string {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = compute()));
  return value;
}
