/** @module Prometheus metrics for every stage, on a per-app registry so tests stay isolated. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The metrics ipshadow exports. */
export interface Metrics {
  registry: Registry;
  netboxRequests: Counter<'method' | 'status'>;
  netboxRequestSeconds: Histogram<'method'>;
  webhooks: Counter<'result'>;
  syncRuns: Counter<'result'>;
  syncObjects: Counter<'table'>;
  mirrorRows: Gauge<'table'>;
  reservations: Gauge<'state'>;
  resources: Gauge<'kind'>;
  shadowEntries: Gauge<'horizon_minutes'>;
  shadowMeanPAny: Gauge<'horizon_minutes'>;
  forecastCycles: Counter<'cycle' | 'result'>;
  forecastCycleSeconds: Histogram<'cycle'>;
  engineTicks: Counter<'result'>;
  engineTickSeconds: Histogram;
  engineChanges: Counter<'change'>;
  reconcileRuns: Counter<'result'>;
  reconcileRepairs: Counter<'kind'>;
  keaClaims: Counter;
  allocationSeconds: Histogram<'outcome'>;
  engineLeader: Gauge;
}

/** Creates a registry with default process metrics and ipshadow's own. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ipshadow_' });
  const r = [registry];
  return {
    registry,
    netboxRequests: new Counter({ name: 'ipshadow_netbox_requests_total', help: 'NetBox HTTP attempts by method and status', labelNames: ['method', 'status'], registers: r }),
    netboxRequestSeconds: new Histogram({ name: 'ipshadow_netbox_request_seconds', help: 'NetBox HTTP attempt latency', labelNames: ['method'], buckets: [0.01, 0.03, 0.1, 0.3, 1, 3, 10], registers: r }),
    webhooks: new Counter({ name: 'ipshadow_webhooks_total', help: 'NetBox webhooks by result (applied, ignored, bad_signature, bad_body, error)', labelNames: ['result'], registers: r }),
    syncRuns: new Counter({ name: 'ipshadow_sync_runs_total', help: 'Full NetBox syncs by result', labelNames: ['result'], registers: r }),
    syncObjects: new Counter({ name: 'ipshadow_sync_objects_total', help: 'Objects upserted by full syncs', labelNames: ['table'], registers: r }),
    mirrorRows: new Gauge({ name: 'ipshadow_mirror_rows', help: 'Rows in each NetBox mirror table', labelNames: ['table'], registers: r }),
    reservations: new Gauge({ name: 'ipshadow_reservations', help: 'Shadow reservations by state', labelNames: ['state'], registers: r }),
    resources: new Gauge({ name: 'ipshadow_resources', help: 'Derived resources by kind', labelNames: ['kind'], registers: r }),
    shadowEntries: new Gauge({ name: 'ipshadow_shadow_entries', help: 'Valid shadow inventory entries by horizon', labelNames: ['horizon_minutes'], registers: r }),
    shadowMeanPAny: new Gauge({ name: 'ipshadow_shadow_mean_p_any', help: 'Mean P(at least one allocation) of the valid shadow inventory entries by horizon', labelNames: ['horizon_minutes'], registers: r }),
    forecastCycles: new Counter({ name: 'ipshadow_forecast_cycles_total', help: 'Shadow inventory cycles by cycle (count, lead) and result (ok, failed)', labelNames: ['cycle', 'result'], registers: r }),
    forecastCycleSeconds: new Histogram({ name: 'ipshadow_forecast_cycle_seconds', help: 'Duration of a shadow inventory cycle', labelNames: ['cycle'], buckets: [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30], registers: r }),
    engineTicks: new Counter({ name: 'ipshadow_engine_ticks_total', help: 'Allocation engine ticks by result (ok, failed, observed)', labelNames: ['result'], registers: r }),
    engineTickSeconds: new Histogram({ name: 'ipshadow_engine_tick_seconds', help: 'Duration of an allocation engine tick', buckets: [0.001, 0.01, 0.03, 0.1, 0.3, 1, 3, 10], registers: r }),
    engineChanges: new Counter({ name: 'ipshadow_engine_reservations_total', help: 'Reservations the engine created, expired, cancelled or recovered', labelNames: ['change'], registers: r }),
    reconcileRuns: new Counter({ name: 'ipshadow_reconcile_runs_total', help: 'Reconcile runs by result (ok, failed)', labelNames: ['result'], registers: r }),
    reconcileRepairs: new Counter({ name: 'ipshadow_reconcile_repairs_total', help: 'Differences reconcile repaired, by kind (orphans, duplicates, statesFixed, rolledBack, republished, withdrawn, groupsPushed)', labelNames: ['kind'], registers: r }),
    keaClaims: new Counter({ name: 'ipshadow_kea_claims_total', help: 'Live shadow reservations claimed by a Kea lease event', registers: r }),
    allocationSeconds: new Histogram({ name: 'ipshadow_allocation_seconds', help: 'Allocation API time in the server, by outcome (hit, miss, replayed)', labelNames: ['outcome'], buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.03, 0.1, 0.3, 1, 3, 10], registers: r }),
    engineLeader: new Gauge({ name: 'ipshadow_engine_leader', help: '1 while this process holds the engine leader lock and runs the engine\'s writers, else 0', registers: r }),
  };
}
