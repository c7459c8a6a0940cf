/**
 * A component's own problems, read straight from what the probes saw (pure). Problems caused
 * upstream (`dependency-unhealthy`) and hung producers are decided in diagnose.ts.
 */
import type { ConfigSpec, FileSpec, WorkerSpec } from '../map/types.js';
import { formatDuration, matchesType } from '../map/parse-values.js';
import { readField } from '../probe/config-formats/config-text.js';
import type { SystemProbe } from '../probe/probe-system.js';
import { NO_PROBLEMS, type Problem, type ProblemCode, type Status } from './types.js';
import { schemaProblems } from './schema-problems.js';

const SEVERITY: Record<ProblemCode, Status> = {
  'process-dead': 'critical', 'process-zombie': 'critical', 'process-stopped': 'critical', 'process-hung': 'critical',
  'port-closed': 'critical', 'unhealthy': 'critical', 'port-held-by-other': 'critical', 'port-holder-unknown': 'warning', 'lock-stale': 'warning',
  'file-missing': 'critical', 'file-stale': 'warning', 'clock-skew': 'warning',
  'config-missing': 'critical', 'config-invalid-json': 'critical', 'config-not-object': 'critical',
  'config-unparsable': 'critical', 'config-check-failed': 'critical', 'config-field-missing': 'critical', 'config-field-wrong-type': 'critical', 'config-field-out-of-range': 'critical',
  'config-schema-violation': 'critical', 'config-mismatch': 'critical', 'config-source-field-missing': 'critical',
  'dependency-unhealthy': 'warning', 'probe-failed': 'unknown', 'needs-manual-intervention': 'critical',
  'job-due': 'warning', 'job-failed': 'critical',
  'predicted-memory-breach': 'warning', 'predicted-file-stale': 'warning',
};

/** A problem with its standard severity. */
export function problem(code: ProblemCode, message: string): Problem {
  return { code, message, severity: SEVERITY[code] };
}

/** Problems of a worker's process, port and lock. */
export function workerProblems(worker: WorkerSpec, probe: SystemProbe): readonly Problem[] {
  const seen = probe.workers.get(worker.id);
  if (!seen) return [problem('probe-failed', 'not probed')];
  if (!seen.ok) return [problem('probe-failed', `process probe failed: ${seen.error}`)];
  const process = seen.value;
  const problems: Problem[] = [];
  const notes = process.notes.length > 0 ? ` (${process.notes.join('; ')})` : '';
  if (process.state === 'dead') problems.push(problem('process-dead', `not running${notes}`));
  if (process.state === 'zombie') problems.push(problem('process-zombie', `pid ${process.pid} is a zombie: it exited and nobody reaped it`));
  if (process.state === 'stopped') problems.push(problem('process-stopped', `pid ${process.pid} is stopped (SIGSTOP) and makes no progress`));
  const port = probe.ports.get(worker.id);
  if (port && !port.ok) problems.push(problem('probe-failed', `port probe failed: ${port.error}`));
  if (port?.ok) {
    const { open, holderPid, heldByWorker } = port.value;
    const alive = process.state === 'running' || process.state === 'stopped';
    if (open && heldByWorker === false) {
      const who = holderPid === null ? 'a process healmap cannot see' : `pid ${holderPid}`;
      problems.push(problem('port-held-by-other', `port ${port.value.port} is held by ${who}, not by this worker`));
    } else if (!open && alive) {
      problems.push(problem('port-closed', `not listening on port ${port.value.port}`));
    } else if (open && heldByWorker === null && process.state === 'running') {
      // Open, but its holder cannot be tied to the worker (unreadable /proc entries, another
      // network namespace): not proof of a fault, nor that the worker serves its port.
      const why = port.value.holderUnknown ?? (holderPid === null ? 'its holder is not visible' : `pid ${holderPid} cannot be tied to this worker's tree`);
      problems.push(problem('port-holder-unknown', `port ${port.value.port} is open, but healmap cannot tell whether this worker holds it: ${why}`));
    }
  }
  const health = probe.health?.get(worker.id);
  if (health && !health.healthy && process.state === 'running') {
    const counted = health.failures > 1 ? ` (${health.failures} consecutive failures)` : '';
    problems.push(problem('unhealthy', `health check fails${counted}: ${health.detail}`));
  }
  const lock = probe.locks.get(worker.id);
  if (lock?.ok && (lock.value.holder === 'dead' || lock.value.holder === 'zombie')) {
    problems.push(problem('lock-stale', `lock ${worker.lock} records pid ${lock.value.pid}, which is ${lock.value.holder === 'zombie' ? 'a zombie' : 'dead'}`));
  }
  return problems.length > 0 ? problems : NO_PROBLEMS;
}

/** Problems of a data file: missing, or older than its SLA. */
export function fileProblems(file: FileSpec, probe: SystemProbe): readonly Problem[] {
  const seen = probe.files.get(file.id);
  if (!seen) return [problem('probe-failed', 'not probed')];
  if (!seen.ok) return [problem('probe-failed', `cannot stat: ${seen.error}`)];
  if (!seen.value.exists) return [problem('file-missing', 'does not exist')];
  if (seen.value.ageMs === null && seen.value.mtimeMs !== null) {
    const ahead = formatDuration(Math.max(0, seen.value.mtimeMs - probe.takenAt));
    return [problem('clock-skew', `modified ${ahead} in the future (mtime ${new Date(seen.value.mtimeMs).toISOString()}): clock skew, so its age and freshness are unknown`)];
  }
  if (isStale(file, probe)) {
    const age = formatDuration(seen.value.ageMs ?? 0);
    return [problem('file-stale', `last written ${age} ago; SLA is ${formatDuration(file.freshWithinMs ?? 0)}`)];
  }
  return NO_PROBLEMS;
}

/** True when a file exists and is older than its SLA. */
export function isStale(file: FileSpec, probe: SystemProbe): boolean {
  const seen = probe.files.get(file.id);
  return Boolean(seen?.ok && seen.value.exists && file.freshWithinMs !== null && (seen.value.ageMs ?? 0) > file.freshWithinMs);
}

/** Problems of a config: missing, unparsable, or a field missing, mistyped or out of range. */
export function configProblems(config: ConfigSpec, probe: SystemProbe): readonly Problem[] {
  const seen = probe.configs.get(config.id);
  if (!seen) return [problem('probe-failed', 'not probed')];
  if (!seen.ok) return [problem('probe-failed', `cannot read: ${seen.error}`)];
  const { exists, parseError, value, check } = seen.value;
  if (!exists) return [problem('config-missing', 'does not exist')];
  const checked = check && !check.ok ? [problem('config-check-failed', `\`validate with\` failed: ${check.detail}`)] : [];
  if (config.format === 'opaque') return checked.length > 0 ? checked : NO_PROBLEMS;
  const json = config.format === 'json' || config.format === 'jsonc';
  if (parseError) return [problem(json ? 'config-invalid-json' : 'config-unparsable', `does not parse${json ? '' : ` as ${config.format}`} at line ${parseError.line}, column ${parseError.column}: ${parseError.message}`)];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [problem('config-not-object', `expected a ${json ? 'JSON object' : `${config.format} mapping`}, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`)];
  }
  const fields = fieldProblems(config, value as Record<string, unknown>);
  const schema = schemaProblems(config, value, (message) => problem('config-schema-violation', message));
  return checked.length + schema.length > 0 ? [...fields, ...schema, ...checked] : fields;
}

/** Problems of a parsed config's fields against the map's contract. */
export function fieldProblems(config: ConfigSpec, value: Record<string, unknown>): readonly Problem[] {
  const problems: Problem[] = [];
  for (const field of config.fields) {
    const { present, value: v } = readField(value, field.name, config.format, field.type);
    if (!present) {
      if (field.required) problems.push(problem('config-field-missing', `field \`${field.name}\` is missing`));
      continue;
    }
    if (field.type && !matchesType(v, field.type)) {
      problems.push(problem('config-field-wrong-type', `field \`${field.name}\` should be ${field.type}, got ${JSON.stringify(v)}`));
      continue;
    }
    if (typeof v === 'number' && ((field.min !== null && v < field.min) || (field.max !== null && v > field.max))) {
      problems.push(problem('config-field-out-of-range', `field \`${field.name}\` is ${v}, outside ${field.min ?? ''}..${field.max ?? ''}`));
    }
  }
  return problems.length > 0 ? problems : NO_PROBLEMS;
}
