import { HealingDaemon } from '../agent/daemon.js';
import { formatLogLine, type LogFormat } from '../agent/daemon-log.js';
import { parseListen } from '../agent/parse-listen.js';
import { UsageError } from '../errors.js';
import { parseTimerDuration as parseDuration } from '../map/parse-values.js';
import type { Io } from './io.js';
import { oneOf, parseOptions } from './parse-options.js';

/** `healmap watch`: the healing daemon; SIGTERM/SIGINT finish the action in flight and exit 0. */
export async function runWatch(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, {
    interval: { type: 'string', short: 'i' },
    http: { type: 'string' },
    'log-format': { type: 'string', default: 'text' },
  });
  const format: LogFormat = oneOf('log-format', values['log-format'], ['text', 'json'] as const);
  let intervalMs: number | undefined;
  if (values.interval !== undefined) {
    const parsed = parseDuration(values.interval);
    if (!parsed.ok || parsed.value < 1000) throw new UsageError(`Expected --interval to be a duration from 1s to 24 days, got \`${values.interval}\``);
    intervalMs = parsed.value;
  }
  let daemon: HealingDaemon;
  try {
    daemon = await HealingDaemon.start({
      mapPath: values.map,
      intervalMs,
      http: values.http ? parseListen(values.http) : null,
      log: (event) => io.out(formatLogLine(format, event)),
    });
  } catch (error) {
    io.err(`healmap watch: ${(error as Error).message}\n`);
    return (error as { exitCode?: number }).exitCode ?? 3;
  }
  await new Promise<void>((resolve) => {
    const shutdown = (signal: NodeJS.Signals): void => {
      io.out(formatLogLine(format, { event: 'signal', message: `${signal}: finishing the action in flight` }));
      process.off('SIGTERM', shutdown);
      process.off('SIGINT', shutdown);
      void daemon.stop().then(resolve);
    };
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
  });
  return 0;
}
