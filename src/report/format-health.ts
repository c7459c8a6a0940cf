import { formatDuration } from '../map/parse-values.js';
import type { ComponentHealth, Diagnosis } from '../diagnose/types.js';

/** One short line of what the probes saw: pid/uptime for a worker, age/SLA for a file. */
export function describeFacts(health: ComponentHealth): string {
  const f = health.facts;
  if (health.kind === 'worker') {
    if (f.state !== 'running' && f.state !== 'stopped') {
      if (typeof f.stoppedByRequest === 'string') return 'stopped (by request)';
      // A job between runs: its last run's end, not "not running".
      if (f.type === 'job' && typeof f.lastRunFinishedAt === 'string') return `last run exit ${String(f.lastExitCode)} at ${f.lastRunFinishedAt.slice(0, 19).replace('T', ' ')}${typeof f.nextRunAt === 'string' ? ` · next ${f.nextRunAt.slice(0, 16).replace('T', ' ')}` : ''}`;
      return String(f.state === 'zombie' ? `zombie pid ${f.pid}` : 'not running');
    }
    const parts = [`pid ${f.pid}`];
    if (typeof f.uptimeSeconds === 'number') parts.push(`up ${formatDuration(f.uptimeSeconds * 1000)}`);
    if (typeof f.cpuPercent === 'number') parts.push(`${f.cpuPercent.toFixed(1)}% cpu`);
    if (typeof f.memoryBytes === 'number') parts.push(`${formatBytes(f.memoryBytes)}`);
    if (f.state === 'stopped') parts.push('stopped');
    // The health check's last verdict (its failure is also a problem; a pass is worth seeing too).
    if (f.healthy === true) parts.push('health ok');
    else if (f.healthy === false) parts.push('health failing');
    return parts.join(' · ');
  }
  if (health.kind === 'file') {
    if (f.exists === false) return 'missing';
    if (f.exists !== true) return '?';
    const age = typeof f.ageSeconds === 'number' ? formatDuration(f.ageSeconds * 1000) : '?';
    const sla = typeof f.freshWithinSeconds === 'number' ? ` / SLA ${formatDuration(f.freshWithinSeconds * 1000)}` : '';
    return `age ${age}${sla} · ${formatBytes(Number(f.sizeBytes ?? 0))}`;
  }
  if (f.exists === false) return 'missing';
  return f.parses ? (health.problems.length > 0 ? 'parses' : 'valid') : 'does not parse';
}

/** What is wrong in one phrase: the first problem, or who caused it. */
export function describeCause(health: ComponentHealth): string {
  if (health.problems.length === 0) return '';
  const first = health.problems.find((p) => p.code !== 'dependency-unhealthy') ?? health.problems[0];
  if (health.causedBy && first?.code === 'dependency-unhealthy') return `blocked by ${shortId(health.causedBy)}`;
  const text = health.problems.map((p) => `${p.code}: ${p.message}`).join('; ');
  return health.causedBy ? `${text} (caused by ${shortId(health.causedBy)})` : text;
}

/** One sentence summing up a diagnosis. */
export function summarize(diagnosis: Diagnosis): string {
  const counts = { ok: 0, warning: 0, critical: 0, unknown: 0 };
  for (const c of diagnosis.components) counts[c.status]++;
  const roots = diagnosis.rootCauses.length;
  const affected = diagnosis.components.filter((c) => c.status !== 'ok').length;
  const head = diagnosis.status.toUpperCase();
  if (affected === 0 && diagnosis.system.length === 0) return `${head}: all ${diagnosis.components.length} components healthy`;
  const rootText = roots === 1 ? '1 root cause' : `${roots} root causes`;
  const system = diagnosis.system.length > 0 ? `; ${diagnosis.system.map((s) => s.message).join('; ')}` : '';
  return `${head}: ${rootText}, ${affected} of ${diagnosis.components.length} components affected, ${counts.ok} ok${system}`;
}

/** `worker:a` -> `a`: the label people know a component by. */
export function shortId(id: string): string {
  return id.slice(id.indexOf(':') + 1);
}

/** Bytes as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
