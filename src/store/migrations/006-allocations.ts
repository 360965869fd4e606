/** @module Allocation API requests by idempotency key: what each key was answered, so a retry gets the same answer. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../connect';
import { createSchema, type IndexSpec, type TableSpec } from './table-spec';

/** `outcome` is pending until the answer is known; `owner` is the process that holds a pending key. */
export const ALLOCATION_TABLES: TableSpec[] = [
  { name: 'allocations', columns: [
    ['key', 'text', 'pk'], ['resource_id', 'text'], ['outcome', 'text'], ['reservation_id', 'text', 'null'], ['address', 'text', 'null'],
    ['mac', 'text', 'null'], ['owner', 'text'], ['created_at', 'bigint'], ['updated_at', 'bigint'],
  ] },
];

const INDEXES: IndexSpec[] = [['allocations_resource_idx', 'allocations', ['resource_id', 'created_at']]];

/** Builds the allocations table on either dialect. */
export function allocationsMigration(dialect: Dialect) {
  return { up: (db: Kysely<unknown>) => createSchema(db, dialect, ALLOCATION_TABLES, INDEXES) };
}
