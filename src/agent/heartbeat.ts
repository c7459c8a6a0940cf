import { writeFileAtomic } from '../fs/write-file-atomic.js';

/** What the daemon's heartbeat file says about it (read by `healmap status` and people). */
export interface HeartbeatRecord {
  pid: number;
  mapPath: string;
  startedAt: string;
  writtenAt: string;
  cycles: number;
  lastCycleMs: number;
  status: string;
  stopped: boolean;
  memory: NodeJS.MemoryUsage;
}

/** Writes the heartbeat atomically; a failure (full disk) is returned as a message, never thrown. */
export async function writeHeartbeat(path: string, record: HeartbeatRecord): Promise<string | null> {
  try {
    await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
    return null;
  } catch (error) {
    return `heartbeat: ${(error as Error).message}`;
  }
}
