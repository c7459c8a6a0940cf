/**
 * Event source for a person's requests (`healmap stop|start|restart|resolve NAME`): the control
 * file they write is watched, and the component named is re-checked at once, so the daemon takes
 * up a started worker's new pid and leaves a stopped one alone. A stopped-on-purpose worker's exit
 * is no incident.
 */
import { mkdirSync, watch, type FSWatcher } from 'node:fs';
import { dirname, basename } from 'node:path';
import { controlPath, readControlSync } from '../history/control-requests.js';
import type { ComponentId } from '../map/types.js';
import type { LogEvent } from './daemon-log.js';
import type { Detection } from './detection.js';

// How long after a person's `restart` an exit of that worker is taken as the restart's own.
const RESTART_WINDOW_MS = 60_000;

/** Watches a map's control file and tells the daemon what was asked. */
export class ControlEvents {
  private watcher: FSWatcher | null = null;
  private lastSeen: string | null;
  private readonly path: string;

  constructor(stateRoot: string, private readonly sinks: { scope: (ids: ComponentId[], trigger: string) => void; log: (event: LogEvent) => void }) {
    this.path = controlPath(stateRoot);
    this.lastSeen = readControlSync(this.path).last?.at ?? null;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      // The file is replaced by rename: watch its folder, not the file.
      this.watcher = watch(dirname(this.path), (_event, name) => {
        if (name === basename(this.path)) this.changed();
      });
      this.watcher.on('error', () => undefined);
    } catch (error) {
      sinks.log({ event: 'error', message: `cannot watch ${this.path}: ${(error as Error).message}; requests are seen at the next cycle` });
    }
  }

  /** True (and logged) when a detection is about a worker a person stopped on purpose. */
  intercept(detection: Detection): boolean {
    const control = readControlSync(this.path);
    const since = control.stopped[detection.id];
    const name = detection.id.slice(detection.id.indexOf(':') + 1);
    if (since !== undefined) {
      this.sinks.log({ event: 'stopped-by-request', message: `${name} ${detection.what}: stopped (by request) since ${since}; not healed`, component: detection.id });
      return true;
    }
    // The exit of a restart a person asked for moments ago: the request re-checks it.
    const last = control.last;
    const asked = last?.component === detection.id || (last?.carried ?? []).includes(detection.id);
    if (asked && last?.command === 'restart' && Date.now() - Date.parse(last.at) < RESTART_WINDOW_MS) {
      this.sinks.log({ event: 'restart-by-request', message: `${name} ${detection.what}: restarted by request`, component: detection.id });
      return true;
    }
    return false;
  }

  /** Stops watching. */
  close(): void {
    this.watcher?.close();
    this.watcher = null;
  }

  private changed(): void {
    const { last } = readControlSync(this.path);
    if (!last || last.at === this.lastSeen) return;
    this.lastSeen = last.at;
    this.sinks.log({ event: 'request', message: `request: ${last.command} ${last.component.slice(last.component.indexOf(':') + 1)} (by a person); re-checking it`, component: last.component, command: last.command });
    this.sinks.scope([last.component, ...(last.carried ?? [])], 'request');
  }
}
