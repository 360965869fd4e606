/** @module `ipshadow serve`: the HTTP API with webhooks, plus a periodic full resync. */
import type { Command } from 'commander';
import { createServiceLogger } from '../../log/logger';
import { buildApp } from '../../app';
import { buildServer } from '../../api/server';
import { loadOrExit } from '../context';
import { startResyncLoop } from '../../service/resync-loop';
import { startForecastCycle } from '../../service/forecast-cycle';
import { startLeadCycle } from '../../service/lead-cycle';
import { startLive } from '../../service/live';
import { startWalCheckpointer } from '../../store/wal-checkpointer';

/** Registers the command. */
export function serveCommand(program: Command, version: string): void {
  program
    .command('serve')
    .description('run the sidecar: HTTP API (allocations, shadow inventory, webhooks, metrics), resync, forecast cycle, allocation engine and the Kea bridge')
    .option('--no-initial-sync', 'skip the full sync at start-up')
    .action(async (opts: { initialSync: boolean }, cmd: Command) => {
      const config = loadOrExit(cmd.optsWithGlobals<{ config?: string }>().config);
      const log = createServiceLogger(config.log.level);
      const app = await buildApp(config, log);
      // A SQLite store's log is checkpointed off the request path; its own connection only past a safety net.
      const file = app.store.db.sqliteFile;
      const checkpointer = file ? startWalCheckpointer(file, log) : null;
      if (config.collect.enabled) await app.collect.start();
      const loop = startResyncLoop(app, { initialSync: opts.initialSync });
      const cycleMetrics = (cycle: 'count' | 'lead') => (result: 'ok' | 'failed', seconds: number) => {
        app.metrics.forecastCycles.inc({ cycle, result });
        app.metrics.forecastCycleSeconds.observe({ cycle }, seconds);
      };
      const cycle = config.forecast.enabled ? startForecastCycle({ store: app.store, config: config.forecast, log, onRun: cycleMetrics('count') }) : null;
      const lead = config.forecast.enabled && config.forecast.lead.enabled
        ? startLeadCycle({ store: app.store, horizonMinutes: config.engine.horizonMinutes, intervalSeconds: config.forecast.lead.intervalSeconds, log, onRun: cycleMetrics('lead') })
        : null;
      const live = config.engine.enabled ? await startLive(app) : null;
      const server = await buildServer(app, { version, onWebhookApplied: () => loop.markDirty(), allocations: live?.routes });
      const address = await server.listen({ host: config.api.host, port: config.api.port });
      log.info('api.listening', { address });
      const stop = async (signal: string) => {
        log.info('serve.stopping', { signal });
        loop.stop();
        cycle?.stop();
        lead?.stop();
        await server.close();
        await live?.stop();
        await checkpointer?.stop();
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}
