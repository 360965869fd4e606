/**
 * @module Claims by allocation key: each claimed reservation records the key it was claimed for (until now only in the
 * `reservation.claimed` event's payload), indexed, and an index that hands out a resource's oldest live reservation
 * without sorting all live rows.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../connect';
import type { IndexSpec } from './table-spec';

const INDEXES: IndexSpec[] = [
  ['reservations_allocation_key_idx', 'reservations', ['allocation_key']],
  ['reservations_claim_idx', 'reservations', ['resource_id', 'state', 'created_at', 'idempotency_key']],
];

/** Adds `reservations.allocation_key`, fills it from the claim events already logged, and indexes it. */
export function claimKeyMigration(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('reservations').addColumn('allocation_key', 'text').execute();
      // A reservation is claimed at most once (claimed → released only), so it has at most one claim event.
      const key = dialect === 'postgres' ? sql`(payload::jsonb ->> 'allocationKey')` : sql`json_extract(payload, '$.allocationKey')`;
      await sql`UPDATE reservations SET allocation_key = c.k
        FROM (SELECT reservation_id AS rid, ${key} AS k FROM events WHERE type = 'reservation.claimed' AND reservation_id IS NOT NULL) AS c
        WHERE reservations.id = c.rid`.execute(db);
      for (const [name, table, columns] of INDEXES) await db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
    },
  };
}
