import { runHealCycle } from '../agent/heal-cycle.js';
import { exitCodeOf, type Status } from '../diagnose/types.js';
import type { ExecutedAction } from '../repair/execute-plan.js';
import { renderExecuted, renderPlan, renderTally } from '../report/render-plan.js';
import { renderTable } from '../report/render-table.js';
import type { Io } from './io.js';
import { loadValidMap } from './load-valid-map.js';
import { parseOptions } from './parse-options.js';

/** `healmap heal`: one manual pass — check, plan, act in order, verify, report; exit by final status. */
export async function runHeal(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, {
    'dry-run': { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  const dryRun = values['dry-run'];
  // A dry run changes nothing on disk: it keeps a compiled map only in an existing .healmap/.
  const map = await loadValidMap(values.map, io, { create: !dryRun });
  if (!map) return 3;
  const result = await runHealCycle(map, {
    dryRun,
    force: values.force,
    onAction: values.json ? undefined : (done) => io.out(`${renderExecuted(done)}\n`),
  });
  if (values.json) {
    io.out(`${JSON.stringify({ status: result.after.status, plan: result.plan.actions, executed: result.executed.map((e) => ({ ...e.action, result: e.result, durationMs: e.durationMs, detail: e.detail })) }, null, 2)}\n`);
    return dryRun ? exitCodeOf(result.before.status) : healExitCode(result.after.status, result.executed);
  }
  for (const problem of result.persistErrors) io.err(`healmap heal: ${problem}\n`);
  if (dryRun) {
    io.out(renderPlan(result.plan));
    return exitCodeOf(result.before.status);
  }
  if (result.executed.length === 0) io.out(result.plan.actions.length === 0 ? 'Nothing to repair.\n' : 'Nothing was repaired.\n');
  else io.out(`${renderTally(result.executed)}\n\n`);
  io.out(renderTable(result.after, io.color));
  return healExitCode(result.after.status, result.executed);
}

/** The final status's exit code, but never 0 when the pass reports a failed repair. */
export function healExitCode(status: Status, executed: readonly ExecutedAction[]): number {
  const code = exitCodeOf(status);
  return code === 0 && executed.some((e) => e.result === 'failed') ? 1 : code;
}

/** `healmap plan`: the same as `heal --dry-run`. */
export async function runPlan(args: string[], io: Io): Promise<number> {
  return runHeal(['--dry-run', ...args], io);
}
