/** @module Shared CLI plumbing: load config, build the app, parse flags, map errors to exit codes. */
import type { z } from 'zod';
import { IpshadowError } from '../core/errors';
import { loadConfig } from '../config/load';
import type { Config } from '../config/schema';
import { createLogger } from '../log/logger';
import { buildApp, type App } from '../app';

/** Exit codes: 2 for bad config or usage, 1 for runtime failures. */
export const EXIT = { ok: 0, failure: 1, config: 2 } as const;

/** Loads config (exit 2 on error, naming the bad key) and builds the app. */
export async function withApp<T>(configPath: string | undefined, run: (app: App) => Promise<T>): Promise<T> {
  const config = loadOrExit(configPath);
  const log = createLogger(config.log.level);
  const app = await buildApp(config, log);
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}

/** Loads and validates config; on error prints it and exits 2. */
export function loadOrExit(configPath: string | undefined): Config {
  try {
    const config = loadConfig(configPath);
    createLogger(config.log.level).debug('config.loaded', { source: configPath ?? process.env.IPSHADOW_CONFIG ?? '(environment)' });
    return config;
  } catch (err) {
    if (err instanceof IpshadowError && err.code === 'CONFIG_INVALID') {
      createLogger('error').error('config.invalid', { paths: err.context.paths, source: err.context.source }, err.message);
      process.stderr.write(`ipshadow: ${err.message}\n`);
      process.exit(EXIT.config);
    }
    throw err;
  }
}

/** Prints `ipshadow COMMAND: message` and exits 2 (bad usage). */
export function usageError(command: string, message: string): never {
  process.stderr.write(`ipshadow ${command}: ${message}\n`);
  process.exit(EXIT.config);
}

/** The command-line spelling of an option key (`minP` → `--min-p`). */
export const flagName = (key: PropertyKey | undefined): string => `--${String(key ?? 'options').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Validates a command's flags; on failure names each bad flag and exits 2. */
export function parseFlags<S extends z.ZodType>(command: string, schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  return usageError(command, parsed.error.issues.map((i) => `${flagName(i.path[0])}: ${i.message}`).join('; '));
}
