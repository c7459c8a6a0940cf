import { join } from 'node:path';
import type { StatePaths } from '../fs/state-paths.js';
import { safeName } from '../fs/state-paths.js';
import type { WorkerSpec } from '../map/types.js';
import { readInto } from './read-into.js';

/**
 * What the launching shell recorded of a job's last run (`.healmap/run/<worker>.run.json`): when it
 * started, and once it ended, when and with what exit code. Written by the shell itself, so a run
 * that ends while no healmap is running is still recorded.
 */
export interface JobRecord {
  startedAt: number;
  finishedAt: number | null;
  exitCode: number | null;
}

/** Whether healmap records a worker's runs: jobs, and daemons that restart only on failure. */
export function recordsRuns(worker: WorkerSpec): boolean {
  return worker.type === 'job' || worker.restart === 'on-failure';
}

/** The file a worker's last run is recorded in. */
export function jobRecordPath(paths: StatePaths, workerName: string): string {
  return join(paths.run, `${safeName(workerName)}.run.json`);
}

const buffer = Buffer.alloc(4096);

/** Reads a job's record; null when it never ran (or the record is unreadable, as a never-run). */
export function readJobRecord(path: string): JobRecord | null {
  let text: string;
  try {
    text = buffer.toString('utf8', 0, readInto(path, buffer));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const record = JSON.parse(text) as Partial<JobRecord>;
    if (typeof record.startedAt !== 'number') return null;
    return {
      startedAt: record.startedAt,
      finishedAt: typeof record.finishedAt === 'number' ? record.finishedAt : null,
      exitCode: typeof record.exitCode === 'number' ? record.exitCode : null,
    };
  } catch {
    return null;
  }
}
