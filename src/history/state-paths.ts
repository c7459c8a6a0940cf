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

/** A file-name-safe form of a worker name (names may hold any Unicode, even slashes). */
export function safeName(name: string): string {
  return encodeURIComponent(name).replace(/\*/g, '%2A');
}

/** The pidfile healmap writes for a worker it started. */
export function workerPidfile(paths: StatePaths, workerName: string): string {
  return join(paths.run, `${safeName(workerName)}.pid`);
}

/** The log a started worker's stdout and stderr go to. */
export function workerLog(paths: StatePaths, workerName: string): string {
  return join(paths.logs, `${safeName(workerName)}.log`);
}
