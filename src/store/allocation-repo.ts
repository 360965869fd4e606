/** @module Allocation API requests by client key: claim a key once, record its answer, replay it on retries. */
import type { Kysely, Selectable } from 'kysely';
import { affected, QueryTemplate } from './query-template';
import type { Database } from './schema';

/** One allocation request's row. */
export interface AllocationRow {
  key: string;
  resource_id: string;
  outcome: string;
  reservation_id: string | null;
  address: string | null;
  mac: string | null;
  owner: string;
  created_at: number;
  updated_at: number;
}

/** The allocations table as kysely sees it. */
// A type alias, not an interface: kysely's withTables needs the implicit index signature.
export type AllocationTables = { allocations: AllocationRow };

/** How a request ended: served by a live shadow reservation, or allocated on demand. */
export type AllocationOutcome = 'pending' | 'hit' | 'miss';

/** A stored allocation. */
export interface Allocation {
  key: string;
  resourceId: string;
  outcome: AllocationOutcome;
  reservationId: string | null;
  address: string | null;
  mac: string | null;
  owner: string;
  createdAt: number;
  updatedAt: number;
}

const toAllocation = (r: Selectable<AllocationRow>): Allocation => ({
  key: r.key, resourceId: r.resource_id, outcome: r.outcome as AllocationOutcome, reservationId: r.reservation_id, address: r.address,
  mac: r.mac, owner: r.owner, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
});

/** A new pending key, or nothing when the key exists. */
const beginQuery = new QueryTemplate<{ key: string; resourceId: string; mac: string | null; owner: string; now: number }, unknown, Database & AllocationTables>((db, slot) =>
  db.insertInto('allocations')
    .values({ key: slot('key'), resource_id: slot('resourceId'), outcome: 'pending', reservation_id: null, address: null, mac: slot('mac'), owner: slot('owner'), created_at: slot('now'), updated_at: slot('now') })
    .onConflict((oc) => oc.column('key').doNothing()));

/** A key's answer, written by the owner that holds it. */
const finishQuery = new QueryTemplate<{ key: string; owner: string; outcome: string; reservationId: string | null; address: string; now: number }, unknown, Database & AllocationTables>((db, slot) =>
  db.updateTable('allocations')
    .set({ outcome: slot('outcome'), reservation_id: slot('reservationId'), address: slot('address'), updated_at: slot('now') })
    .where('key', '=', slot('key')).where('owner', '=', slot('owner')));

/** Reads and writes allocation requests. */
export class AllocationRepo {
  private readonly db: Kysely<Database & AllocationTables>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<AllocationTables>();
  }

  /**
   * Takes a key for `owner`: 'new' when this call created it, 'taken-over' when it took over a pending key whose
   * owner `isStale` says is gone (a crashed process, which may have done part of the work). Null when the key exists
   * otherwise (answered, or pending for a live owner).
   */
  async begin(key: string, resourceId: string, mac: string | null, owner: string, now: number, isStale: (owner: string, updatedAt: number) => boolean): Promise<'new' | 'taken-over' | null> {
    if (affected(await beginQuery.execute(this.db, { key, resourceId, mac, owner, now })) === 1) return 'new';
    const cur = await this.get(key);
    if (!cur || cur.outcome !== 'pending' || cur.owner === owner || !isStale(cur.owner, cur.updatedAt)) return null;
    const took = await this.db.updateTable('allocations').set({ owner, updated_at: now })
      .where('key', '=', key).where('owner', '=', cur.owner).where('outcome', '=', 'pending').executeTakeFirst();
    return Number(took.numUpdatedRows) === 1 ? 'taken-over' : null;
  }

  /** The same repository on `db`, e.g. a transaction another write runs in. */
  on(db: Kysely<Database>): AllocationRepo {
    return new AllocationRepo(db);
  }

  /** Records the answer for a key this owner holds. */
  async finish(key: string, owner: string, outcome: Exclude<AllocationOutcome, 'pending'>, reservationId: string | null, address: string, now: number): Promise<void> {
    await finishQuery.execute(this.db, { key, owner, outcome, reservationId, address, now });
  }

  /** Drops a pending key this owner holds (the request failed; the client may retry). */
  async abandon(key: string, owner: string): Promise<void> {
    await this.db.deleteFrom('allocations').where('key', '=', key).where('owner', '=', owner).where('outcome', '=', 'pending').execute();
  }

  /** One request by key. */
  async get(key: string): Promise<Allocation | undefined> {
    const row = await this.db.selectFrom('allocations').selectAll().where('key', '=', key).executeTakeFirst();
    return row ? toAllocation(row) : undefined;
  }
}
