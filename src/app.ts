/** @module The one wiring module: builds the store, metrics and adapters from config and joins them. */
import type { Config } from './config/schema';
import type { Log } from './log/logger';
import { createMetrics, type Metrics } from './metrics/registry';
import { openStore, type Store } from './store';
import { FullSync, NetBoxBulk, NetBoxHttp, NetBoxSetup, ShadowWriter, MIRROR_KINDS } from './adapters/netbox';
import { refreshResources } from './resources/refresh';
import { CollectService, resourceMapInput } from './collect';

/** Everything a command or the server needs. */
export interface App {
  config: Config;
  log: Log;
  metrics: Metrics;
  store: Store;
  netbox: { http: NetBoxHttp; bulk: NetBoxBulk; setup: NetBoxSetup; sync: FullSync; shadow: ShadowWriter };
  /** Flow and metrics collection; built here, listening only once `start()` is called (by serve). */
  collect: CollectService;
  /** Re-derives resources from the mirror. */
  refreshResources(): Promise<{ interfaces: number; groups: number }>;
  /** Refreshes gauges that are read from the store at scrape time. */
  collectGauges(): Promise<void>;
  close(): Promise<void>;
}

/** Builds the app; the store is opened and migrated before this returns. */
export async function buildApp(config: Config, log: Log): Promise<App> {
  const metrics = createMetrics();
  const store = await openStore(config.store.url, (err) => log.warn('store.connection.error', { error: err.message }));
  if (store.migrated.length) log.info('store.migrated', { migrations: store.migrated });
  const http = new NetBoxHttp({
    url: config.netbox.url,
    token: config.netbox.token,
    timeoutMs: config.netbox.timeoutMs,
    pageSize: config.netbox.pageSize,
    retry: config.netbox.retry,
    log,
    onRequest: (method, status, ms) => {
      metrics.netboxRequests.inc({ method, status: String(status) });
      metrics.netboxRequestSeconds.observe({ method }, ms / 1000);
    },
  });
  const bulk = new NetBoxBulk(http);
  const collect = new CollectService({ config: config.collect, store: store.telemetry, log, loadMap: () => resourceMapInput(store), registry: metrics.registry });
  return {
    config,
    log,
    metrics,
    store,
    netbox: { http, bulk, setup: new NetBoxSetup(http, log), sync: new FullSync(http, store, log), shadow: new ShadowWriter(http, bulk, config.netbox.tag, log) },
    collect,
    async refreshResources() {
      const counts = await refreshResources(store, config.resources, log);
      // Flows map to resources through the mirror, so the map follows every re-derivation.
      await collect.refreshMap();
      return counts;
    },
    async collectGauges() {
      for (const kind of MIRROR_KINDS) metrics.mirrorRows.set({ table: kind.table }, await store.mirror.count(kind.table));
      metrics.reservations.reset();
      for (const [state, n] of Object.entries(await store.reservations.countByState())) metrics.reservations.set({ state }, n);
      const resources = await store.resources.countByKind();
      metrics.resources.set({ kind: 'interface' }, resources.interface);
      metrics.resources.set({ kind: 'group' }, resources.group);
      metrics.shadowEntries.reset();
      metrics.shadowMeanPAny.reset();
      for (const m of config.forecast.horizonsMinutes) metrics.shadowEntries.set({ horizon_minutes: String(m) }, 0);
      for (const h of await store.shadow.stats(Date.now())) {
        const labels = { horizon_minutes: String(h.horizonMs / 60_000) };
        metrics.shadowEntries.set(labels, h.entries);
        metrics.shadowMeanPAny.set(labels, h.meanPAny);
      }
    },
    async close() {
      await collect.stop();
      await store.close();
    },
  };
}
