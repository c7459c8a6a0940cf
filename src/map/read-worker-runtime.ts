/**
 * The keys of a worker that say how it runs and how to ask it whether it is healthy: health
 * check (with its period, timeout and thresholds), environment, env file, user and stop signal.
 */
import { reportUnread } from './report-unread.js';
import { constants } from 'node:os';
import type { RawValue } from './collect-entries.js';
import type { MessageSink } from './messages.js';
import { isEmptyValue, parseCount, parseTimerDuration as parseDuration, splitList, type Parsed } from './parse-values.js';
import type { HealthCheckSpec, ResolvedSettings } from './types.js';

/** The runtime keys of one worker, read and checked. */
export interface WorkerRuntime {
  health: HealthCheckSpec | null;
  env: Record<string, string>;
  envFile: RawValue | null;
  user: string | null;
  stopSignal: string;
}

/** Reads a worker's runtime keys over the Settings defaults; problems go to `sink`. */
export function readWorkerRuntime(values: Map<string, RawValue>, settings: ResolvedSettings, sink: MessageSink, workerName: string): WorkerRuntime {
  const given = (key: string): RawValue | null => {
    const value = values.get(key);
    return value && !isEmptyValue(value.text) ? value : null;
  };
  const read = <T>(key: string, reader: (text: string) => Parsed<T>, fallback: T): T => {
    const value = given(key);
    if (!value) return fallback;
    const parsed = reader(value.text);
    if (parsed.ok) return parsed.value;
    reportUnread(sink, reader === (parseDuration as unknown) ? 'bad-duration' : 'bad-value', parsed.message, value);
    return fallback;
  };
  const healthValue = given('health');
  const health: HealthCheckSpec | null = healthValue
    ? {
      ...parseHealthTarget(healthValue.text),
      periodMs: read('healthPeriod', parseDuration, settings.healthPeriodMs),
      timeoutMs: read('healthTimeout', parseDuration, settings.healthTimeoutMs),
      failureThreshold: read('healthRetries', parseCount, settings.healthRetries),
      successThreshold: read('healthSuccess', parseCount, 1),
      startPeriodMs: read('startPeriod', parseDuration, settings.healthStartPeriodMs),
    }
    : null;
  const user = given('user')?.text.trim() ?? null;
  const userValue = given('user');
  if (userValue && typeof process.getuid === 'function' && process.getuid() !== 0) {
    sink.warning('user-needs-root', `Worker \`${workerName}\` asks to run as \`${user}\`, which healmap can do only when it runs as root; starting it will fail`, userValue.place);
  }
  return {
    health,
    env: read('env', parseEnvList, {}),
    envFile: given('envFile'),
    user,
    stopSignal: read('stopSignal', parseSignal, 'SIGTERM'),
  };
}

/** Reads a health check's target: an `http://` URL, `tcp` (the worker's port), or a command. */
export function parseHealthTarget(text: string): Pick<HealthCheckSpec, 'kind' | 'target'> {
  const given = text.trim().replace(/^`(.*)`$/s, '$1').trim();
  if (/^https?:\/\//i.test(given)) return { kind: 'http', target: given };
  if (/^tcp$/i.test(given)) return { kind: 'tcp', target: '' };
  return { kind: 'command', target: given };
}

/** Reads `A=1, B=two` (also separated by semicolons or spaces) into an environment. */
export function parseEnvList(text: string): Parsed<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const part of splitList(text).flatMap((p) => p.split(/(?<!\s)\s+(?=[A-Za-z_][A-Za-z0-9_]*=)/))) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(part.trim());
    if (!match) return { ok: false, message: `Expected environment entries such as \`A=1, B=2\`, got \`${part.trim()}\`` };
    env[match[1] as string] = (match[2] as string).replace(/^(["'])(.*)\1$/, '$2');
  }
  return { ok: true, value: env };
}

/** Reads a signal name (`SIGQUIT`, `QUIT`, `sigquit`). */
export function parseSignal(text: string): Parsed<string> {
  const name = text.trim().toUpperCase().replace(/^(SIG)?/, 'SIG');
  if (name in constants.signals) return { ok: true, value: name };
  return { ok: false, message: `Expected a signal name such as \`SIGTERM\` or \`SIGQUIT\`, got \`${text.trim()}\`` };
}
