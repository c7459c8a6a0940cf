import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readRegularFile, STATE_MAX_BYTES } from '../fs/read-regular-file.js';
import type { ComponentId } from '../map/types.js';
import { parseValid, stateSchemas } from './state-schemas.js';

/** How an action ended. */
export type ActionResult = 'succeeded' | 'failed' | 'blocked' | 'skipped' | 'escalated';

/** One line of `.healmap/history.jsonl`: an action, its reason and its outcome. */
export interface HistoryEntry {
  time: string;
  component: ComponentId;
  problem: string;
  rootCause: ComponentId | null;
  action: string;
  attempt: number;
  result: ActionResult;
  durationMs: number;
  reason: string;
  detail?: string;
  stateBefore: string;
  stateAfter: string;
  /** When the problem was first detected (for time to recover). */
  detectedAt?: string;
  /** When the component is known or estimated to have failed (for time to detect). */
  failedAt?: string;
  /** The incident's fingerprint (problem codes, exit, dependencies, config change), for learning. */
  fingerprint?: string;
  /** The command of the declared recovery step the action ran (run-recovery-step). */
  step?: string;
}

/** Appends entries as JSON lines and fsyncs, so a crash cannot leave a torn line behind. */
export async function appendHistory(path: string, entries: HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'a+');
  try {
    // A crash or a full disk can leave a torn last line; start on a fresh one so only it is lost.
    const { size } = await handle.stat();
    const last = Buffer.alloc(1);
    if (size > 0) await handle.read(last, 0, 1, size - 1);
    const prefix = size > 0 && last[0] !== 0x0a ? '\n' : '';
    await handle.appendFile(prefix + entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Reads the trail, skipping a torn last line (a crash mid-append) rather than failing. */
export async function readHistory(path: string, since?: number): Promise<HistoryEntry[]> {
  let text: string;
  try {
    text = (await readRegularFile(path, STATE_MAX_BYTES)).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: HistoryEntry[] = [];
  const validate = stateSchemas().historyEntry;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    // A torn line from a crash, or one of the wrong shape, is skipped; the rest stays readable.
    const entry = parseValid<HistoryEntry>(line, validate);
    if (entry && (since === undefined || Date.parse(entry.time) >= since)) entries.push(entry);
  }
  return entries;
}

