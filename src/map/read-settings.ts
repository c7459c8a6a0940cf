import type { RawMap } from './collect-entries.js';
import type { MessageSink } from './messages.js';
import { parseCount, parseTimerDuration as parseDuration, parseSize, splitList, isEmptyValue, type Parsed } from './parse-values.js';
import type { ResolvedSettings } from './types.js';

/** healmap's defaults, the numbers the README documents (monit/systemd/OTP inspired). */
export const DEFAULT_SETTINGS: ResolvedSettings = {
  intervalMs: 60_000,
  startWithinMs: 2_000,
  stopGraceMs: 5_000,
  backoffMs: [10_000, 30_000, 60_000],
  maxFailures: 3,
  failureWindowMs: 600_000,
  cooldownMs: 60_000,
  healthyResetMs: 600_000,
  minUptimeMs: 5_000,
  onEscalate: null,
  onRecover: null,
  alertmanagerUrl: null,
  minFreeDiskBytes: 500 * 1024 ** 2,
  minFreeMemoryBytes: 100 * 1024 ** 2,
  probeTimeoutMs: 2_000,
  probeConcurrency: 16,
  logMaxBytes: 10 * 1024 ** 2,
  debounceMs: 150,
  healthPeriodMs: 10_000,
  healthTimeoutMs: 2_000,
  healthRetries: 3,
  healthStartPeriodMs: 0,
};

type Reader = (text: string) => Parsed<unknown>;

const READERS: Record<string, [keyof ResolvedSettings, Reader]> = {
  interval: ['intervalMs', parseDuration],
  startWithin: ['startWithinMs', parseDuration],
  stopGrace: ['stopGraceMs', parseDuration],
  backoff: ['backoffMs', parseDurationList],
  maxFailures: ['maxFailures', parseCount],
  failureWindow: ['failureWindowMs', parseDuration],
  cooldown: ['cooldownMs', parseDuration],
  healthyReset: ['healthyResetMs', parseDuration],
  minUptime: ['minUptimeMs', parseDuration],
  onEscalate: ['onEscalate', (text) => ({ ok: true, value: isEmptyValue(text) ? null : text.trim() })],
  onRecover: ['onRecover', (text) => ({ ok: true, value: isEmptyValue(text) ? null : text.trim() })],
  alertmanager: ['alertmanagerUrl', parseHttpUrl],
  minFreeDisk: ['minFreeDiskBytes', parseSize],
  minFreeMemory: ['minFreeMemoryBytes', parseSize],
  probeTimeout: ['probeTimeoutMs', parseDuration],
  probeConcurrency: ['probeConcurrency', parseCount],
  logMaxSize: ['logMaxBytes', parseSize],
  debounce: ['debounceMs', parseDuration],
  healthPeriod: ['healthPeriodMs', parseDuration],
  healthTimeout: ['healthTimeoutMs', parseDuration],
  healthRetries: ['healthRetries', parseCount],
  startPeriod: ['healthStartPeriodMs', parseDuration],
};

/** Reads the Settings section over healmap's defaults. */
export function readSettings(raw: RawMap, sink: MessageSink): ResolvedSettings {
  const settings: ResolvedSettings = { ...DEFAULT_SETTINGS, backoffMs: [...DEFAULT_SETTINGS.backoffMs] };
  for (const { key, value } of raw.settings) {
    const reader = READERS[key];
    if (!reader) continue;
    const parsed = reader[1](value.text);
    if (!parsed.ok) sink.error('bad-setting', parsed.message, value.place);
    else (settings as unknown as Record<string, unknown>)[reader[0]] = parsed.value;
  }
  return settings;
}

function parseDurationList(text: string): Parsed<number[]> {
  const values: number[] = [];
  for (const part of splitList(text.replace(/\bthen\b/g, ','))) {
    const parsed = parseDuration(part);
    if (!parsed.ok) return parsed;
    values.push(parsed.value);
  }
  if (values.length === 0) return { ok: false, message: `Expected a list of durations such as \`10s, 30s, 60s\`, got \`${text}\`` };
  return { ok: true, value: values };
}

// An Alertmanager's base URL (`http://alertmanager:9093`); alerts go to its /api/v2/alerts.
function parseHttpUrl(text: string): Parsed<string | null> {
  if (isEmptyValue(text)) return { ok: true, value: null };
  try {
    const url = new URL(text.trim());
    if (url.protocol === 'http:' || url.protocol === 'https:') return { ok: true, value: url.href.replace(/(?<!\/)\/+$/, '') };
  } catch {
    // not a URL: the message below says what was expected
  }
  return { ok: false, message: `Expected an http(s) URL such as \`http://127.0.0.1:9093\`, got \`${text.trim()}\`` };
}
