/** @module Schema for the shadow inventory: the current entry per (resource, horizon). */
import type { Kysely } from 'kysely';
import type { Dialect } from '../connect';
import { createSchema, type IndexSpec, type TableSpec } from './table-spec';

/** One row per (resource, horizon); quantiles are JSON text, the ETA window and bandwidth may be absent. */
export const SHADOW_TABLES: TableSpec[] = [
  {
    name: 'shadow_entries',
    columns: [
      ['resource_id', 'text'], ['horizon_ms', 'bigint'], ['as_of', 'bigint'], ['p_any', 'real'], ['quantiles', 'text', '[]'],
      ['eta_from', 'bigint', 'null'], ['eta_to', 'bigint', 'null'], ['resource_type', 'text'], ['expected_bandwidth_bps', 'real', 'null'],
      ['model', 'text'], ['valid_until', 'bigint'],
    ],
    primaryKey: ['resource_id', 'horizon_ms'],
  },
];

const INDEXES: IndexSpec[] = [['shadow_entries_valid_idx', 'shadow_entries', ['valid_until']]];

/** Builds the shadow inventory table on either dialect. */
export function shadowInventoryMigration(dialect: Dialect) {
  return { up: (db: Kysely<unknown>) => createSchema(db, dialect, SHADOW_TABLES, INDEXES) };
}
