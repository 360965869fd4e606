/** @module Schema for collected telemetry: per-resource minute buckets, unknown-address tallies, resource metrics. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../connect';

type Col = [name: string, type: 'text' | 'bigint' | 'float' | 'integer'];

/** Telemetry tables: columns (all NOT NULL) and primary key. Floats are 8-byte on both dialects. */
export const TELEMETRY_TABLES: Array<{ name: string; columns: Col[]; primaryKey: string[] }> = [
  {
    name: 'flow_buckets',
    columns: [
      ['resource_id', 'text'], ['bucket_ms', 'bigint'], ['bytes', 'float'], ['packets', 'float'], ['flows', 'float'],
      ['peers', 'integer'], ['new_peers', 'integer'], ['dhcp_packets', 'float'], ['dhcp_bytes', 'float'],
      ['tftp_packets', 'float'], ['tftp_bytes', 'float'], ['dns_packets', 'float'], ['dns_bytes', 'float'],
      ['prov_packets', 'float'], ['prov_bytes', 'float'],
    ],
    primaryKey: ['resource_id', 'bucket_ms'],
  },
  {
    name: 'flow_unknown',
    columns: [['address', 'text'], ['flows', 'float'], ['packets', 'float'], ['bytes', 'float'], ['first_ms', 'bigint'], ['last_ms', 'bigint']],
    primaryKey: ['address'],
  },
  {
    name: 'resource_metrics',
    columns: [['resource_id', 'text'], ['metric', 'text'], ['ts', 'bigint'], ['value', 'float']],
    primaryKey: ['resource_id', 'metric', 'ts'],
  },
];

const INDEXES: Array<[name: string, table: string, columns: string[]]> = [
  ['flow_buckets_time_idx', 'flow_buckets', ['bucket_ms']],
  ['flow_unknown_last_idx', 'flow_unknown', ['last_ms']],
  ['resource_metrics_ts_idx', 'resource_metrics', ['ts']],
];

/** Builds the telemetry tables on either dialect. */
export function telemetryMigration(dialect: Dialect) {
  const sqlType = (t: Col[1]): 'text' | 'bigint' | 'integer' | 'real' | 'float8' => (t === 'float' ? (dialect === 'postgres' ? 'float8' : 'real') : t);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const t of TELEMETRY_TABLES) {
        let b = db.schema.createTable(t.name).ifNotExists();
        for (const [name, type] of t.columns) b = b.addColumn(name, sqlType(type), (c) => c.notNull());
        await b.addPrimaryKeyConstraint(`${t.name}_pk`, t.primaryKey as never).execute();
      }
      for (const [name, table, columns] of INDEXES) await db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
    },
  };
}
