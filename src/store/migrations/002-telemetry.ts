/** @module Schema for collected telemetry: per-resource minute buckets, unknown-address tallies, resource metrics. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../connect';
import { createSchema, type IndexSpec, type TableSpec } from './table-spec';

/** Telemetry tables: columns (all NOT NULL) and primary key. `real` is 8-byte on both dialects. */
export const TELEMETRY_TABLES: TableSpec[] = [
  {
    name: 'flow_buckets',
    columns: [
      ['resource_id', 'text'], ['bucket_ms', 'bigint'], ['bytes', 'real'], ['packets', 'real'], ['flows', 'real'],
      ['peers', 'integer'], ['new_peers', 'integer'], ['dhcp_packets', 'real'], ['dhcp_bytes', 'real'],
      ['tftp_packets', 'real'], ['tftp_bytes', 'real'], ['dns_packets', 'real'], ['dns_bytes', 'real'],
      ['prov_packets', 'real'], ['prov_bytes', 'real'],
    ],
    primaryKey: ['resource_id', 'bucket_ms'],
  },
  {
    name: 'flow_unknown',
    columns: [['address', 'text'], ['flows', 'real'], ['packets', 'real'], ['bytes', 'real'], ['first_ms', 'bigint'], ['last_ms', 'bigint']],
    primaryKey: ['address'],
  },
  {
    name: 'resource_metrics',
    columns: [['resource_id', 'text'], ['metric', 'text'], ['ts', 'bigint'], ['value', 'real']],
    primaryKey: ['resource_id', 'metric', 'ts'],
  },
];

const INDEXES: IndexSpec[] = [
  ['flow_buckets_time_idx', 'flow_buckets', ['bucket_ms']],
  ['flow_unknown_last_idx', 'flow_unknown', ['last_ms']],
  ['resource_metrics_ts_idx', 'resource_metrics', ['ts']],
];

/** Builds the telemetry tables on either dialect. */
export function telemetryMigration(dialect: Dialect) {
  return { up: (db: Kysely<unknown>) => createSchema(db, dialect, TELEMETRY_TABLES, INDEXES) };
}
