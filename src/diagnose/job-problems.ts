/**
 * Problems of jobs, and of daemons that restart only on failure, read from the run the launching
 * shell recorded (pure). A job that exited 0 is done, never "dead": it is due again only when its
 * schedule says so or when one of its outputs went stale.
 */
import { nextRunAt } from '../map/job-schedule.js';
import type { ComponentId, FileSpec, WorkerSpec } from '../map/types.js';
import { formatDuration } from '../map/parse-values.js';
import type { DependencyGraph } from '../graph/build-graph.js';
import type { SystemProbe } from '../probe/probe-system.js';
import { isStale, problem, workerProblems } from './component-problems.js';
import { NO_PROBLEMS, type Problem } from './types.js';

const NOT_RUNNING = new Set(['process-dead', 'process-zombie']);

/** Problems of a worker whose runs are recorded (a job, or an `on failure` daemon). */
export function recordedWorkerProblems(worker: WorkerSpec, graph: DependencyGraph, probe: SystemProbe): readonly Problem[] {
  const base = workerProblems(worker, probe);
  const seen = probe.workers.get(worker.id);
  if (!seen?.ok || (seen.value.state !== 'dead' && seen.value.state !== 'zombie')) return base;
  const recorded = probe.jobs?.get(worker.id);
  if (recorded && !recorded.ok) return [problem('probe-failed', `cannot read its last run: ${recorded.error}`)];
  const record = recorded?.ok ? recorded.value : null;
  const others = base.filter((p) => !NOT_RUNNING.has(p.code));
  const ended = record !== null && record.finishedAt !== null;
  if (worker.type === 'daemon') return ended && record.exitCode === 0 ? (others.length > 0 ? others : NO_PROBLEMS) : base;
  const own = jobRunProblem(worker, graph, probe, record);
  if (!own) return others.length > 0 ? others : NO_PROBLEMS;
  return [own, ...others];
}

function jobRunProblem(worker: WorkerSpec, graph: DependencyGraph, probe: SystemProbe, record: ReturnType<typeof readRecord>): Problem | null {
  const at = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  if (record === null) return problem('job-due', worker.schedule ? `never run; scheduled ${worker.schedule.text}` : 'never run; it runs once before what depends on it');
  if (record.finishedAt === null) return problem('job-failed', `the run started ${at(record.startedAt)} UTC ended without recording its exit (killed)`);
  if (record.exitCode !== 0) return problem('job-failed', `the run started ${at(record.startedAt)} UTC exited ${record.exitCode ?? '?'}`);
  if (worker.schedule) {
    const due = nextRunAt(worker.schedule, record.startedAt);
    if (due <= probe.takenAt) return problem('job-due', `due since ${at(due)} UTC (${worker.schedule.text}); last run ${at(record.startedAt)} UTC`);
  }
  for (const id of worker.produces) {
    const file = graph.nodes.get(id) as FileSpec | undefined;
    if (file && isStale(file, probe)) {
      const seen = probe.files.get(file.id);
      const age = seen?.ok ? formatDuration(seen.value.ageMs ?? 0) : '?';
      return problem('job-due', `its output ${file.path} is stale (${age} old, SLA ${formatDuration(file.freshWithinMs ?? 0)}): re-run to rebuild it`);
    }
  }
  return null;
}

function readRecord(probe: SystemProbe, id: ComponentId): { startedAt: number; finishedAt: number | null; exitCode: number | null } | null {
  const recorded = probe.jobs?.get(id);
  return recorded?.ok ? recorded.value : null;
}

/** What reports show of a recorded worker's runs: last start, end, exit code, next run. */
export function jobFacts(worker: WorkerSpec, probe: SystemProbe): Record<string, unknown> {
  const record = readRecord(probe, worker.id);
  const iso = (ms: number | null | undefined): string | null => (ms == null || !Number.isFinite(ms) ? null : new Date(ms).toISOString());
  return {
    type: worker.type,
    restart: worker.restart,
    ...(worker.schedule ? { schedule: worker.schedule.text, nextRunAt: iso(nextRunAt(worker.schedule, record?.startedAt ?? null) || probe.takenAt) } : {}),
    lastRunStartedAt: iso(record?.startedAt),
    lastRunFinishedAt: iso(record?.finishedAt),
    lastExitCode: record?.exitCode ?? null,
  };
}
