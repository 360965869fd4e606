/**
 * @module Collected telemetry in the store: minute buckets and unknown addresses added as deltas (so late records
 * and several collectors add up), resource metrics upserted, retention pruning, and time series for forecasters.
 */
import { sql, type Kysely } from 'kysely';
import type { Db, Dialect } from './connect';
import type { TelemetryBucket } from '../core/telemetry';

/** Row of flow_buckets. */
export interface FlowBucketRow {
  resource_id: string;
  bucket_ms: number;
  bytes: number;
  packets: number;
  flows: number;
  peers: number;
  new_peers: number;
  dhcp_packets: number;
  dhcp_bytes: number;
  tftp_packets: number;
  tftp_bytes: number;
  dns_packets: number;
  dns_bytes: number;
  prov_packets: number;
  prov_bytes: number;
}

/** Row of flow_unknown. */
export interface FlowUnknownRow {
  address: string;
  flows: number;
  packets: number;
  bytes: number;
  first_ms: number;
  last_ms: number;
}

/** Row of resource_metrics. */
export interface ResourceMetricRow {
  resource_id: string;
  metric: string;
  ts: number;
  value: number;
}

/** The telemetry tables as kysely sees them. */
export interface TelemetryTables {
  flow_buckets: FlowBucketRow;
  flow_unknown: FlowUnknownRow;
  resource_metrics: ResourceMetricRow;
}

/** A bucket delta in the shape collect/aggregate hands out (camelCase). */
export type BucketInput = TelemetryBucket;

/** Bucket fields a series can be read for. */
export type BucketField = Exclude<keyof FlowBucketRow, 'resource_id' | 'bucket_ms'>;

/** One point of a time series. */
export interface SeriesPoint {
  ts: number;
  value: number;
}

const CHUNK = 400;
const MINUTE = 60_000;
const ADDED: BucketField[] = ['bytes', 'packets', 'flows', 'new_peers', 'dhcp_packets', 'dhcp_bytes', 'tftp_packets', 'tftp_bytes', 'dns_packets', 'dns_bytes', 'prov_packets', 'prov_bytes'];

const toRow = (b: BucketInput): FlowBucketRow => ({
  resource_id: b.resourceId, bucket_ms: b.bucketMs, bytes: b.bytes, packets: b.packets, flows: b.flows, peers: b.peers, new_peers: b.newPeers,
  dhcp_packets: b.dhcpPackets, dhcp_bytes: b.dhcpBytes, tftp_packets: b.tftpPackets, tftp_bytes: b.tftpBytes,
  dns_packets: b.dnsPackets, dns_bytes: b.dnsBytes, prov_packets: b.provPackets, prov_bytes: b.provBytes,
});

const fromRow = (r: FlowBucketRow): TelemetryBucket => ({
  resourceId: r.resource_id, bucketMs: Number(r.bucket_ms), bytes: r.bytes, packets: r.packets, flows: r.flows, peers: r.peers, newPeers: r.new_peers,
  dhcpPackets: r.dhcp_packets, dhcpBytes: r.dhcp_bytes, tftpPackets: r.tftp_packets, tftpBytes: r.tftp_bytes,
  dnsPackets: r.dns_packets, dnsBytes: r.dns_bytes, provPackets: r.prov_packets, provBytes: r.prov_bytes,
});

/** Telemetry reads and writes. */
export class TelemetryRepo {
  private readonly db: Kysely<TelemetryTables>;
  private readonly dialect: Dialect;

  constructor(db: Db) {
    this.db = db.kysely as unknown as Kysely<TelemetryTables>;
    this.dialect = db.dialect;
  }

  private max(a: string, b: string) {
    return this.dialect === 'postgres' ? sql<number>`greatest(${sql.ref(a)}, ${sql.ref(b)})` : sql<number>`max(${sql.ref(a)}, ${sql.ref(b)})`;
  }

  private min(a: string, b: string) {
    return this.dialect === 'postgres' ? sql<number>`least(${sql.ref(a)}, ${sql.ref(b)})` : sql<number>`min(${sql.ref(a)}, ${sql.ref(b)})`;
  }

  /** Add bucket deltas: volumes add up, `peers` keeps the larger count. Keys must be unique within one call. */
  async addBuckets(rows: readonly BucketInput[]): Promise<void> {
    if (rows.length === 0) return;
    const set = Object.fromEntries(ADDED.map((f) => [f, sql<number>`${sql.ref(`flow_buckets.${f}`)} + ${sql.ref(`excluded.${f}`)}`]));
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx.insertInto('flow_buckets').values(rows.slice(i, i + CHUNK).map(toRow))
          .onConflict((oc) => oc.columns(['resource_id', 'bucket_ms']).doUpdateSet({ ...set, peers: this.max('flow_buckets.peers', 'excluded.peers') }))
          .execute();
      }
    });
  }

  /** Add unknown-address tallies. Addresses must be unique within one call. */
  async addUnknown(rows: ReadonlyArray<{ address: string; flows: number; packets: number; bytes: number; firstMs: number; lastMs: number }>): Promise<void> {
    if (rows.length === 0) return;
    const add = (f: string) => sql<number>`${sql.ref(`flow_unknown.${f}`)} + ${sql.ref(`excluded.${f}`)}`;
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx.insertInto('flow_unknown')
          .values(rows.slice(i, i + CHUNK).map((u) => ({ address: u.address, flows: u.flows, packets: u.packets, bytes: u.bytes, first_ms: u.firstMs, last_ms: u.lastMs })))
          .onConflict((oc) => oc.column('address').doUpdateSet({
            flows: add('flows'), packets: add('packets'), bytes: add('bytes'),
            first_ms: this.min('flow_unknown.first_ms', 'excluded.first_ms'), last_ms: this.max('flow_unknown.last_ms', 'excluded.last_ms'),
          }))
          .execute();
      }
    });
  }

  /** Upsert resource metric points (a later value for the same resource, metric and time replaces the earlier). */
  async putMetrics(rows: ReadonlyArray<{ resourceId: string; metric: string; ts: number; value: number }>): Promise<number> {
    const unique = new Map(rows.map((r) => [`${r.resourceId}\u0000${r.metric}\u0000${r.ts}`, r]));
    const list = [...unique.values()];
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < list.length; i += CHUNK) {
        await trx.insertInto('resource_metrics')
          .values(list.slice(i, i + CHUNK).map((r) => ({ resource_id: r.resourceId, metric: r.metric, ts: r.ts, value: r.value })))
          .onConflict((oc) => oc.columns(['resource_id', 'metric', 'ts']).doUpdateSet({ value: sql<number>`excluded.value` }))
          .execute();
      }
    });
    return list.length;
  }

  /** Buckets of one resource in [fromMs, toMs), oldest first. */
  async buckets(resourceId: string, fromMs: number, toMs: number): Promise<FlowBucketRow[]> {
    return this.db.selectFrom('flow_buckets').selectAll().where('resource_id', '=', resourceId)
      .where('bucket_ms', '>=', fromMs).where('bucket_ms', '<', toMs).orderBy('bucket_ms').execute();
  }

  /** Buckets of one resource in [fromMs, toMs), oldest first, in the collector's own shape. */
  async telemetry(resourceId: string, fromMs: number, toMs: number): Promise<TelemetryBucket[]> {
    return (await this.buckets(resourceId, fromMs, toMs)).map(fromRow);
  }

  /** One bucket field of one resource as a per-minute series over [fromMs, toMs), minutes without data as 0. */
  async series(resourceId: string, field: BucketField, fromMs: number, toMs: number): Promise<SeriesPoint[]> {
    const start = fromMs - (((fromMs % MINUTE) + MINUTE) % MINUTE);
    const rows = await this.buckets(resourceId, start, toMs);
    const byTs = new Map(rows.map((r) => [r.bucket_ms, r[field]]));
    const out: SeriesPoint[] = [];
    for (let ts = start; ts < toMs; ts += MINUTE) out.push({ ts, value: byTs.get(ts) ?? 0 });
    return out;
  }

  /** Totals over all buckets in [fromMs, toMs), per resource. */
  async totals(fromMs: number, toMs: number): Promise<Array<{ resourceId: string; bytes: number; packets: number; flows: number; buckets: number }>> {
    const rows = await this.db.selectFrom('flow_buckets')
      .select(['resource_id', (eb) => eb.fn.sum<number>('bytes').as('bytes'), (eb) => eb.fn.sum<number>('packets').as('packets'), (eb) => eb.fn.sum<number>('flows').as('flows'), (eb) => eb.fn.countAll<number>().as('buckets')])
      .where('bucket_ms', '>=', fromMs).where('bucket_ms', '<', toMs).groupBy('resource_id').orderBy('resource_id').execute();
    return rows.map((r) => ({ resourceId: r.resource_id, bytes: Number(r.bytes), packets: Number(r.packets), flows: Number(r.flows), buckets: Number(r.buckets) }));
  }

  /** Points of one resource metric in [fromMs, toMs), oldest first. */
  async metricSeries(resourceId: string, metric: string, fromMs: number, toMs: number): Promise<SeriesPoint[]> {
    const rows = await this.db.selectFrom('resource_metrics').select(['ts', 'value']).where('resource_id', '=', resourceId)
      .where('metric', '=', metric).where('ts', '>=', fromMs).where('ts', '<', toMs).orderBy('ts').execute();
    return rows.map((r) => ({ ts: Number(r.ts), value: r.value }));
  }

  /** Unknown addresses by bytes, largest first. */
  async topUnknown(limit: number): Promise<FlowUnknownRow[]> {
    return this.db.selectFrom('flow_unknown').selectAll().orderBy('bytes', 'desc').orderBy('address').limit(limit).execute();
  }

  /** Delete telemetry older than each cutoff (ms); returns rows deleted per table. */
  async prune(cut: { bucketsBeforeMs: number; metricsBeforeMs: number; unknownBeforeMs: number }): Promise<{ buckets: number; metrics: number; unknown: number }> {
    const n = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
    return {
      buckets: n(await this.db.deleteFrom('flow_buckets').where('bucket_ms', '<', cut.bucketsBeforeMs).executeTakeFirst()),
      metrics: n(await this.db.deleteFrom('resource_metrics').where('ts', '<', cut.metricsBeforeMs).executeTakeFirst()),
      unknown: n(await this.db.deleteFrom('flow_unknown').where('last_ms', '<', cut.unknownBeforeMs).executeTakeFirst()),
    };
  }
}
