/** @module Shared CLI plumbing: load config, build the app, map errors to exit codes. */
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
