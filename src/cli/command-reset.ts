import { checkSystem } from '../agent/check-system.js';
import { resetEnvironment, stopAllWorkers, type ResetStep } from '../agent/reset.js';
import { exitCodeOf } from '../diagnose/types.js';
import { formatDuration } from '../map/parse-values.js';
import { shortId } from '../report/format-health.js';
import { renderTable } from '../report/render-table.js';
import type { Io } from './io.js';
import { loadValidMap } from './load-valid-map.js';
import { parseOptions } from './parse-options.js';

/** `healmap reset`: stop all workers (reverse order), clear stale locks, start all in order, report. */
export async function runReset(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, {});
  const map = await loadValidMap(values.map, io);
  if (!map) return 3;
  await resetEnvironment(map, (step) => io.out(renderStep(step)));
  const { diagnosis } = await checkSystem(map);
  io.out(`\n${renderTable(diagnosis, io.color)}`);
  return exitCodeOf(diagnosis.status);
}

/** `healmap stop`: stop every worker healmap can tie to the map, dependents first. */
export async function runStop(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, {});
  const map = await loadValidMap(values.map, io);
  if (!map) return 3;
  const steps = await stopAllWorkers(map, (step) => io.out(renderStep(step)));
  return steps.some((s) => s.result === 'failed') ? 1 : 0;
}

function renderStep(step: ResetStep): string {
  const mark = step.result === 'succeeded' ? '✓' : step.result === 'blocked' ? '⋯' : step.result === 'skipped' ? '·' : '✗';
  return `${mark} ${step.action} ${shortId(step.worker)} ${step.result} in ${formatDuration(step.durationMs)} — ${step.detail}\n`;
}
