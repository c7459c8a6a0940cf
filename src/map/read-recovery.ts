/**
 * Declared recovery steps, the runbooks of a map: a *Recovery* table
 * (`Component | When | Do | Then | Timeout`, one row per step) under a heading such as
 * "Recovery", "Recovery steps" or "Runbooks", and `on unhealthy:` / `on stale:` / `on dead:` keys
 * on a worker (`on stale: \`./scripts/reconnect.sh\` then restart, timeout 20s`).
 */
import type { Block, PlacedText } from './blocks.js';
import type { MessageSink } from './messages.js';
import { parseDuration } from './parse-values.js';
import { normalizeWords } from './vocabulary.js';
import type { MapModel, Place, RecoveryStep } from './types.js';

const HEADINGS = ['recovery', 'recovery steps', 'recoveries', 'runbook', 'runbooks', 'recovery runbook', 'recovery runbooks', 'remediation', 'remediations'];
const COLUMNS: Record<string, string[]> = {
  component: ['component', 'worker', 'service', 'process'],
  when: ['when', 'on', 'problem', 'condition', 'trigger'],
  do: ['do', 'command', 'run', 'action', 'step'],
  then: ['then', 'after', 'afterwards'],
  timeout: ['timeout', 'time limit'],
};
/** Problem classes a step may answer besides exact problem codes. */
export const STEP_CLASSES = ['unhealthy', 'dead', 'stale'];
const STEP_CODES = ['process-dead', 'process-zombie', 'process-stopped', 'process-hung', 'port-closed', 'port-held-by-other', 'lock-stale', 'health-check-failed'];
const DEFAULT_TIMEOUT_MS = 30_000;

/** Whether a heading opens a Recovery section (read for steps, not as prose). */
export function isRecoveryHeading(text: string): boolean {
  return HEADINGS.includes(normalizeWords(text));
}

/** Whether a step declared for `when` answers a problem code. */
export function stepAnswers(when: string, code: string): boolean {
  if (when === 'unhealthy') return code !== 'dependency-unhealthy' && code !== 'needs-manual-intervention' && !code.startsWith('predicted-');
  if (when === 'dead') return code === 'process-dead' || code === 'process-zombie';
  if (when === 'stale') return code === 'process-hung';
  return when === code;
}

/**
 * Reads a step's `Do` (and, for a key, its trailing words): the command is the inline code when
 * there is one; `then restart` / `instead of restart` and `timeout 20s` may follow it.
 */
export function readStepText(text: string, marked: string | undefined): { command: string; then: 'restart' | 'none' | null; timeoutMs: number | null; rest: string } {
  const code = /`([^`]+)`/.exec(marked ?? '');
  const command = (code ? code[1] : text.split(/(?<!\s)\s*(?:,|;|\bthen\b|\binstead\b|\btimeout\b)/)[0])?.trim() ?? '';
  const rest = (code ? (marked ?? '').replace(code[0], ' ') : text.slice(command.length)).toLowerCase();
  const then = /\binstead\b|\bno restart\b|\bthen (?:nothing|none|verify)\b/.test(rest) ? 'none' : /\brestart\b/.test(rest) ? 'restart' : null;
  const timeout = /\btimeout\s+([^,;)]+)/.exec(rest);
  const parsed = timeout ? parseDuration(timeout[1] ?? '') : null;
  return { command, then, timeoutMs: parsed?.ok ? parsed.value : null, rest };
}

/** Reads the Recovery tables of a map; every problem is a message, positioned. */
export function readRecoveryTables(blocks: readonly Block[], model: MapModel, sink: MessageSink): RecoveryStep[] {
  const steps: RecoveryStep[] = [];
  let depth: number | null = null;
  for (const block of blocks) {
    if (block.type === 'heading') {
      if (depth !== null && block.depth <= depth) depth = null;
      if (isRecoveryHeading(block.text)) depth = block.depth;
      continue;
    }
    if (depth === null || block.type !== 'table') continue;
    const [header, ...rows] = block.rows;
    if (!header) continue;
    const column = (key: string): number => header.findIndex((cell) => (COLUMNS[key] ?? []).includes(normalizeWords(cell.text)));
    const at = { component: column('component'), when: column('when'), do: column('do'), then: column('then'), timeout: column('timeout') };
    // A runbook written for people (Symptom | First check | Usual fix) is prose: only a table with
    // Component and Do columns declares steps.
    if (at.component < 0 || at.do < 0) continue;
    for (const row of rows) {
      const cell = (i: number): PlacedText | undefined => (i >= 0 ? row[i] : undefined);
      const step = readStep(model, sink, cell(at.component) as PlacedText, cell(at.when), cell(at.do) as PlacedText, cell(at.then), cell(at.timeout));
      if (step) steps.push(step);
    }
  }
  return steps;
}

/** Gives each worker the steps a Recovery table declares for it, after those of its own keys. */
export function attachRecoverySteps(model: MapModel, steps: readonly RecoveryStep[]): void {
  for (const step of steps) {
    const worker = model.workers.find((w) => w.id === step.component);
    if (worker) (worker.recovery ??= []).push(step);
  }
}

/** Reads one `on …:` key of a worker into a step (null with a message when it is not valid). */
export function readStepKey(model: Pick<MapModel, 'workers'>, sink: MessageSink, worker: string, when: string, value: PlacedText): RecoveryStep | null {
  return readStep(model, sink, { text: worker, place: value.place }, { text: when, place: value.place }, value, undefined, undefined);
}

function readStep(model: Pick<MapModel, 'workers'>, sink: MessageSink, componentCell: PlacedText, whenCell: PlacedText | undefined, doCell: PlacedText, thenCell: PlacedText | undefined, timeoutCell: PlacedText | undefined): RecoveryStep | null {
  const name = componentCell?.text.replace(/`/g, '').trim() ?? '';
  const worker = model.workers.find((w) => w.name === name || w.id === name);
  const place: Place = componentCell?.place ?? doCell.place;
  if (!worker) {
    sink.error('unresolved-reference', `Unknown worker \`${name}\` in a recovery step, expected the name of a declared worker`, place);
    return null;
  }
  const when = normalizeWords(whenCell?.text ?? 'unhealthy').replace(/ /g, '-') || 'unhealthy';
  if (!STEP_CLASSES.includes(when) && !STEP_CODES.includes(when)) {
    sink.error('bad-value', `Expected \`When\` to be ${[...STEP_CLASSES, ...STEP_CODES].map((w) => `\`${w}\``).join(', ')}, got \`${whenCell?.text ?? ''}\``, whenCell?.place ?? place);
    return null;
  }
  const read = readStepText(doCell?.text ?? '', doCell?.marked);
  if (read.command === '' || ['—', '-', 'none'].includes(read.command)) {
    sink.error('bad-value', `Expected a command to run for \`${name}\` ${when}, got nothing`, doCell?.place ?? place);
    return null;
  }
  const thenText = normalizeWords(thenCell?.text ?? '');
  let then: 'restart' | 'none' = read.then ?? 'restart';
  if (thenCell && !['', 'restart', 'restart it', 'none', 'nothing', 'verify', 'instead of restart', 'no restart'].includes(thenText)) {
    sink.error('bad-value', `Expected \`Then\` to be \`restart\` or \`none\`, got \`${thenCell.text}\``, thenCell.place);
    return null;
  }
  if (thenCell && thenText !== '') then = thenText.startsWith('restart') ? 'restart' : 'none';
  let timeoutMs = read.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (timeoutCell && !['', '—', '-'].includes(timeoutCell.text.trim())) {
    const parsed = parseDuration(timeoutCell.text);
    if (!parsed.ok) {
      sink.error('bad-duration', parsed.message, timeoutCell.place);
      return null;
    }
    timeoutMs = parsed.value;
  }
  return { component: worker.id, when, command: read.command, then, timeoutMs, place };
}
