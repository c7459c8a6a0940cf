/**
 * What a person asked of single components (`.healmap/control.json`): which workers stay stopped
 * on purpose, and the last request, which a running `watch` notices at once and re-checks.
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import type { ComponentId } from '../map/types.js';

/** The control file's content. */
export interface ControlRequests {
  /** Workers stopped by `healmap stop NAME`, with since when (ISO time). */
  stopped: Record<ComponentId, string>;
  /**
   * The last request: what, on which component, when, and the workers part of it that its stop
   * or restart carried; the daemon re-checks them all.
   */
  last: { command: string; component: ComponentId; at: string; carried?: ComponentId[] } | null;
}

/** The control file of a map's state folder. */
export function controlPath(stateRoot: string): string {
  return join(stateRoot, 'control.json');
}

/** Reads the control file; missing or unreadable means nothing was asked. */
export async function readControl(path: string): Promise<ControlRequests> {
  try {
    return normalize(JSON.parse(await readFile(path, 'utf8')));
  } catch {
    return { stopped: {}, last: null };
  }
}

/** The same, synchronously, for an event handler that must answer at once. */
export function readControlSync(path: string): ControlRequests {
  try {
    return normalize(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return { stopped: {}, last: null };
  }
}

/** Writes the control file atomically. */
export async function writeControl(path: string, control: ControlRequests): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(control, null, 2)}\n`);
}

/** The workers stopped on purpose, as diagnose takes them. */
export function stoppedComponents(control: ControlRequests): Map<ComponentId, string> {
  return new Map(Object.entries(control.stopped));
}

function normalize(value: unknown): ControlRequests {
  const v = (value ?? {}) as Partial<ControlRequests>;
  return { stopped: typeof v.stopped === 'object' && v.stopped !== null ? v.stopped : {}, last: v.last ?? null };
}
