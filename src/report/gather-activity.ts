import { open } from 'node:fs/promises';
import { mapPaths } from '../fs/state-paths.js';
import { readAgentState } from '../history/agent-state.js';
import type { HistoryEntry } from '../history/history-log.js';
import { parseValid, stateSchemas } from '../history/state-schemas.js';
import type { LoadedMap } from '../map/load-map.js';
import type { Diagnosis } from '../diagnose/types.js';
import type { ComponentId } from '../map/types.js';

/** How much the dashboard reads: the tail of the trail and of each worker's log, never a whole file. */
export const ACTIVITY_LIMITS = { timeline: 50, historyBytes: 512 * 1024, logLines: 5, logBytes: 16 * 1024 };

const RESTART_ACTIONS = new Set(['start-worker', 'restart-worker', 'restart-with-dependents']);

/** One worker's row on the dashboard: what the agent did to it and what it printed last. */
export interface WorkerActivity {
  id: ComponentId;
  name: string;
  /** Start and restart attempts in the trail's recent window (see {@link ACTIVITY_LIMITS}). */
  restarts: number;
  uptimeSeconds: number | null;
  /** Failed attempts in the open incident: the position on the repair ladder. */
  attempts: number;
  /** The ladder step the next attempt would take, when an incident is open. */
  nextStep: string | null;
  nextAttemptAt: number | null;
  /** Escalated: no retries until a person runs `healmap resolve`. */
  escalated: boolean;
  logLines: string[];
}

/** An escalated component and how a person clears it once fixed. */
export interface Escalation {
  id: ComponentId;
  name: string;
  since: number;
  reason: string;
  command: string;
}

/** What happened, for the dashboard: recent actions, per-worker figures, escalations. */
export interface Activity {
  /** Newest first, at most {@link ACTIVITY_LIMITS.timeline}. */
  timeline: HistoryEntry[];
  workers: WorkerActivity[];
  escalations: Escalation[];
}

/**
 * Reads what the dashboard shows from `.healmap/`: the trail's tail, the agent state and each
 * worker's last log lines. Unreadable pieces show as empty rather than failing the page.
 */
export async function gatherActivity(map: LoadedMap, diagnosis: Diagnosis): Promise<Activity> {
  const paths = mapPaths(map.model);
  const recent = await readHistoryTail(paths.state.history, ACTIVITY_LIMITS.historyBytes).catch(() => []);
  const { state } = await readAgentState(paths.state.state);
  const byId = new Map(diagnosis.components.map((c) => [c.id, c]));
  const workers: WorkerActivity[] = [];
  for (const worker of map.model.workers) {
    const s = state.components[worker.id];
    const health = byId.get(worker.id);
    const uptime = health?.facts.uptimeSeconds;
    // A worker healthy again (its incident still open until the healthy reset) has no retry ahead;
    // an escalated one still has: past the ladder's end a plain restart once per cooldown.
    const open = s !== undefined && s.incidentStartedAt !== null && health?.status !== 'ok';
    workers.push({
      id: worker.id,
      name: worker.name,
      restarts: recent.filter((e) => e.component === worker.id && RESTART_ACTIONS.has(e.action) && (e.result === 'succeeded' || e.result === 'failed')).length,
      uptimeSeconds: typeof uptime === 'number' ? uptime : null,
      attempts: s?.attempts ?? 0,
      // Slow retries (escalated past the ladder's end, not for flapping alone) are plain restarts.
      nextStep: open ? (s.escalatedAt !== null && s.escalatedBy !== 'flapping' ? 'restart' : (s.ladder?.[s.attempts] ?? 'restart')) : null,
      nextAttemptAt: open ? s.nextAttemptAt : null,
      escalated: s !== undefined && s.escalatedAt !== null,
      logLines: await readLogTail(paths.log(worker.name), ACTIVITY_LIMITS.logLines, ACTIVITY_LIMITS.logBytes).catch(() => []),
    });
  }
  const escalations: Escalation[] = Object.entries(state.components)
    .filter(([, s]) => s.escalatedAt !== null)
    .map(([id, s]) => {
      const name = byId.get(id)?.name ?? id.slice(id.indexOf(':') + 1);
      return { id, name, since: s.escalatedAt as number, reason: s.escalationReason ?? 'escalated', command: `healmap resolve ${shellQuote(name)}` };
    });
  return { timeline: recent.slice(-ACTIVITY_LIMITS.timeline).reverse(), workers, escalations };
}

/** The trail's entries within its last `maxBytes` (a partial first line is dropped). */
export async function readHistoryTail(path: string, maxBytes: number): Promise<HistoryEntry[]> {
  const { text, cut } = await readTail(path, maxBytes);
  const lines = text.split('\n');
  if (cut) lines.shift();
  const validate = stateSchemas().historyEntry;
  return lines.flatMap((line) => {
    const entry = line.trim() === '' ? null : parseValid<HistoryEntry>(line, validate);
    return entry ? [entry] : [];
  });
}

/** A log's last `count` lines, reading at most its last `maxBytes`. */
export async function readLogTail(path: string, count: number, maxBytes: number): Promise<string[]> {
  const { text, cut } = await readTail(path, maxBytes);
  const lines = text.replace(/\n$/, '').split('\n');
  if (cut && lines.length > 1) lines.shift();
  return text === '' ? [] : lines.slice(-count);
}

async function readTail(path: string, maxBytes: number): Promise<{ text: string; cut: boolean }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', cut: false };
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const from = Math.max(0, size - maxBytes);
    const buffer = Buffer.alloc(size - from);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, from);
    return { text: buffer.toString('utf8', 0, bytesRead), cut: from > 0 };
  } finally {
    await handle.close();
  }
}

// A name as a person pastes it into a shell: plain names as they are, others single-quoted.
function shellQuote(name: string): string {
  return /^[\w.@%+=:,/-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`;
}
