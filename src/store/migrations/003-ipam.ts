/** @module Embedded IPAM tables: prefixes, IP ranges (shadow and tenant ranges) and address records. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../connect';
import { createSchema, type IndexSpec, type TableSpec } from './table-spec';

/** IPAM tables. `sort_key` (family + 32 hex digits) orders addresses numerically and makes each address unique. */
export const IPAM_TABLES: TableSpec[] = [
  { name: 'ipam_prefixes', columns: [
    ['id', 'serial', 'pk'], ['prefix', 'text'], ['family', 'integer'], ['tenant_id', 'integer', 'null'], ['is_pool', 'integer', 0],
    ['description', 'text', ''],
  ] },
  { name: 'ipam_ranges', columns: [
    ['id', 'serial', 'pk'], ['start_address', 'text'], ['end_address', 'text'], ['family', 'integer'], ['tenant_id', 'integer', 'null'],
    ['shadow', 'integer', 0], ['mark_populated', 'integer', 0], ['description', 'text', ''],
  ] },
  { name: 'ipam_addresses', columns: [
    ['id', 'serial', 'pk'], ['sort_key', 'text', 'unique'], ['address', 'text'], ['family', 'integer'], ['status', 'text'],
    ['resource_id', 'text', 'null'], ['reservation_id', 'text', 'null'], ['source_kind', 'text', 'null'], ['source_id', 'integer', 'null'],
    ['state', 'text', 'null'], ['confidence', 'real', 'null'], ['expires_at', 'bigint', 'null'], ['created_at', 'bigint'], ['updated_at', 'bigint'],
  ] },
];

const INDEXES: IndexSpec[] = [
  ['ipam_addresses_resource_idx', 'ipam_addresses', ['resource_id']],
  ['ipam_addresses_reservation_idx', 'ipam_addresses', ['reservation_id']],
];

/** Builds the embedded IPAM tables on either dialect. */
export function ipamMigration(dialect: Dialect) {
  return { up: (db: Kysely<unknown>) => createSchema(db, dialect, IPAM_TABLES, INDEXES) };
}
