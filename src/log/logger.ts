/** @module pino logging where every line carries a stable `event` name. */
import pino from 'pino';
import type { LogEvent } from './events';

/** Log levels ipshadow uses. */
export type Level = 'debug' | 'info' | 'warn' | 'error';

/** A logger that only accepts registered event names. */
export interface Log {
  debug(event: LogEvent, fields?: Record<string, unknown>, msg?: string): void;
  info(event: LogEvent, fields?: Record<string, unknown>, msg?: string): void;
  warn(event: LogEvent, fields?: Record<string, unknown>, msg?: string): void;
  error(event: LogEvent, fields?: Record<string, unknown>, msg?: string): void;
  child(bindings: Record<string, unknown>): Log;
}

function wrap(base: pino.Logger): Log {
  const at = (level: Level) => (event: LogEvent, fields: Record<string, unknown> = {}, msg?: string) =>
    base[level]({ ...fields, event }, msg ?? event);
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (bindings) => wrap(base.child(bindings)),
  };
}

/** Creates the process logger; JSON lines to stderr so stdout stays free for command output. */
export function createLogger(level: Level = 'info', destination: pino.DestinationStream = pino.destination(2)): Log {
  return wrap(pino({ level, base: { svc: 'ipshadow' }, timestamp: pino.stdTimeFunctions.isoTime }, destination));
}

/**
 * The long-running service's logger: lines go out through an asynchronous write, so a slow reader of stderr (a full
 * pipe) never stalls a request. Each line is handed to the OS at once (no buffering); pino flushes at exit.
 */
export function createServiceLogger(level: Level = 'info'): Log {
  return createLogger(level, pino.destination({ dest: 2, sync: false, minLength: 0 }));
}

/** A logger that drops everything, for tests. */
export function silentLogger(): Log {
  return wrap(pino({ level: 'silent' }));
}
