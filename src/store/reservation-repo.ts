/** @module Reservations with idempotent creation and compare-and-set state transitions. */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { IpshadowError } from '../core/errors';
import { canTransition, type Reservation, type ReservationState } from '../core/reservation';
import { EventRepo, type NewEvent } from './event-repo';
import { QueryTemplate } from './query-template';
import type { Database, ReservationRow } from './schema';

/** What a caller supplies to record an intent. */
export interface ReservationIntent {
  idempotencyKey: string;
  resourceId: string;
  confidence: number;
  expiresAt: number;
  mac?: string | null;
  sourceKind?: Reservation['sourceKind'];
  sourceId?: number | null;
}

/** Which live reservation a claim takes: one by id, or a resource's oldest (by creation, then key), skipping keys that start with `skipKeyPrefix`. */
export type ClaimPick = { id: string } | { resourceId: string; skipKeyPrefix?: string };

/** What a claim writes besides the new state, all in the claim's transaction. */
export interface ClaimWrite {
  allocationKey: string;
  now: number;
  /** Events logged with the claim. */
  events: (claimed: Reservation) => NewEvent[];
  /** Further writes that commit or roll back with the claim (the allocation API's answer). */
  also?: (tx: Kysely<Database>, claimed: Reservation) => Promise<void>;
  /** A write that opens the claim's transaction (the allocation API's key); false: it commits alone, nothing is claimed. */
  first?: (tx: Kysely<Database>) => Promise<boolean>;
}

/** The first `length` characters of the idempotency key, to compare with a prefix (one expression on both dialects). */
const keyHead = (length: number) => sql<string>`substr(idempotency_key, 1, ${length})`;

/** A resource's oldest live reservation (by creation, then key). */
const oldestLive = (db: Kysely<Database>, resourceId: string) => db.selectFrom('reservations').select('id')
  .where('resource_id', '=', resourceId).where('state', '=', 'live').orderBy('created_at').orderBy('idempotency_key').limit(1);
const oldestLiveQuery = new QueryTemplate<{ resourceId: string }, { id: string }>((db, slot) => oldestLive(db, slot('resourceId')));
/** The same, leaving out keys whose first `len` characters are `skip`. */
const oldestLiveSkippingQuery = new QueryTemplate<{ resourceId: string; len: number; skip: string }, { id: string }>((db, slot) =>
  oldestLive(db, slot('resourceId')).where(keyHead(slot('len')), '!=', slot('skip')));

/** Live → claimed by id (compare-and-set on the state), returning the row. */
const claimQuery = new QueryTemplate<{ id: string; key: string; now: number }, Selectable<ReservationRow>>((db, slot) =>
  db.updateTable('reservations').set({ state: 'claimed', allocation_key: slot('key'), updated_at: slot('now') })
    .where('id', '=', slot('id')).where('state', '=', 'live').returningAll());

/** How often a claim of a resource's oldest reservation picks again after another writer claimed its pick first. */
const CLAIM_TRIES = 8;

/** Fields a transition may set alongside the new state. */
export type ReservationPatch = Partial<Pick<Reservation, 'address' | 'netboxIpId' | 'expiresAt' | 'mac' | 'sourceKind' | 'sourceId'>>;

function toReservation(r: Selectable<ReservationRow>): Reservation {
  return {
    id: r.id,
    idempotencyKey: r.idempotency_key,
    resourceId: r.resource_id,
    state: r.state as ReservationState,
    address: r.address,
    sourceKind: r.source_kind as Reservation['sourceKind'],
    sourceId: r.source_id,
    netboxIpId: r.netbox_ip_id,
    mac: r.mac,
    confidence: Number(r.confidence),
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Stores reservations. */
export class ReservationRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records an intent; a repeated idempotency key returns the existing reservation instead. */
  async createIntent(intent: ReservationIntent, now = Date.now()): Promise<{ reservation: Reservation; created: boolean }> {
    const existing = await this.byKey(intent.idempotencyKey);
    if (existing) return { reservation: existing, created: false };
    const row: ReservationRow = {
      id: randomUUID(),
      idempotency_key: intent.idempotencyKey,
      resource_id: intent.resourceId,
      state: 'intent',
      address: null,
      source_kind: intent.sourceKind ?? null,
      source_id: intent.sourceId ?? null,
      netbox_ip_id: null,
      mac: intent.mac ?? null,
      confidence: intent.confidence,
      expires_at: intent.expiresAt,
      created_at: now,
      updated_at: now,
      allocation_key: null,
    };
    const res = await this.db.insertInto('reservations').values(row).onConflict((oc) => oc.column('idempotency_key').doNothing()).executeTakeFirst();
    const created = Number(res.numInsertedOrUpdatedRows ?? 0n) === 1;
    const reservation = created ? toReservation(row) : await this.byKey(intent.idempotencyKey);
    if (!reservation) throw new IpshadowError('STORE', 'reservation vanished after insert', { key: intent.idempotencyKey });
    return { reservation, created };
  }

  /**
   * Moves a reservation to `to`. With `from`, only from that state (compare-and-set); either way it fails with
   * CONFLICT if another writer moved it between our read and our write.
   */
  async transition(id: string, to: ReservationState, patch: ReservationPatch = {}, opts: { from?: ReservationState; now?: number } = {}): Promise<Reservation> {
    const now = opts.now ?? Date.now();
    const current = await this.get(id);
    if (!current) throw new IpshadowError('NOT_FOUND', `reservation ${id} not found`, { id });
    if (opts.from !== undefined && current.state !== opts.from) {
      throw new IpshadowError('CONFLICT', `reservation ${id} is ${current.state}, expected ${opts.from}`, { id, from: current.state, to });
    }
    if (!canTransition(current.state, to)) {
      throw new IpshadowError('CONFLICT', `reservation ${id} cannot go from ${current.state} to ${to}`, { id, from: current.state, to });
    }
    const res = await this.db
      .updateTable('reservations')
      .set({
        state: to,
        updated_at: now,
        ...(patch.address !== undefined && { address: patch.address }),
        ...(patch.netboxIpId !== undefined && { netbox_ip_id: patch.netboxIpId }),
        ...(patch.expiresAt !== undefined && { expires_at: patch.expiresAt }),
        ...(patch.mac !== undefined && { mac: patch.mac }),
        ...(patch.sourceKind !== undefined && { source_kind: patch.sourceKind }),
        ...(patch.sourceId !== undefined && { source_id: patch.sourceId }),
      })
      .where('id', '=', id)
      .where('state', '=', current.state)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      throw new IpshadowError('CONFLICT', `reservation ${id} changed concurrently`, { id, from: current.state, to });
    }
    return { ...current, ...patch, state: to, updatedAt: now };
  }

  /**
   * Claims a live reservation for `w.allocationKey` in one transaction: the state, the key, `w.events` and `w.also`
   * commit together or not at all. Null when there is none live to take (by id: when it is no longer live).
   */
  async claim(pick: ClaimPick, w: ClaimWrite): Promise<Reservation | null> {
    return this.db.transaction().execute(async (tx) => {
      if (w.first && !(await w.first(tx))) return null;
      for (let tries = 0; tries < CLAIM_TRIES; tries++) {
        const id = 'id' in pick ? pick.id : await this.oldestLive(tx, pick.resourceId, pick.skipKeyPrefix);
        if (!id) return null;
        const [row] = (await claimQuery.execute(tx, { id, key: w.allocationKey, now: w.now })).rows;
        // Not live any more: claimed, expired or cancelled by another writer since we picked it.
        if (!row) {
          if ('id' in pick) return null;
          continue;
        }
        const claimed = toReservation(row);
        await new EventRepo(tx).append(...w.events(claimed));
        await w.also?.(tx, claimed);
        return claimed;
      }
      return null;
    });
  }

  private async oldestLive(db: Kysely<Database>, resourceId: string, skipKeyPrefix?: string): Promise<string | undefined> {
    const found = skipKeyPrefix
      ? await oldestLiveSkippingQuery.execute(db, { resourceId, len: skipKeyPrefix.length, skip: skipKeyPrefix })
      : await oldestLiveQuery.execute(db, { resourceId });
    return found.rows[0]?.id;
  }

  /** The idempotency keys of a resource's reservations that start with `prefix` (one indexed read). */
  async keysWithPrefix(resourceId: string, prefix: string): Promise<Set<string>> {
    const rows = await this.db.selectFrom('reservations').select('idempotency_key').where('resource_id', '=', resourceId)
      .where(keyHead(prefix.length), '=', prefix).execute();
    return new Set(rows.map((r) => r.idempotency_key));
  }

  /** Reservations claimed for an allocation key (whatever state they went on to), newest first. */
  async claimedBy(allocationKey: string, filter: { resourceId?: string; states?: ReservationState[] } = {}): Promise<Reservation[]> {
    let q = this.db.selectFrom('reservations').selectAll().where('allocation_key', '=', allocationKey).orderBy('updated_at', 'desc').orderBy('id');
    if (filter.resourceId) q = q.where('resource_id', '=', filter.resourceId);
    if (filter.states?.length) q = q.where('state', 'in', filter.states);
    return (await q.execute()).map(toReservation);
  }

  /** One reservation by id. */
  async get(id: string): Promise<Reservation | undefined> {
    const row = await this.db.selectFrom('reservations').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toReservation(row) : undefined;
  }

  /** One reservation by idempotency key. */
  async byKey(key: string): Promise<Reservation | undefined> {
    const row = await this.db.selectFrom('reservations').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
    return row ? toReservation(row) : undefined;
  }

  /** Reservations with one of these addresses, optionally only in the given states, oldest first. */
  async atAddresses(addresses: readonly string[], states?: ReservationState[]): Promise<Reservation[]> {
    if (addresses.length === 0) return [];
    let q = this.db.selectFrom('reservations').selectAll().where('address', 'in', [...new Set(addresses)]).orderBy('created_at').orderBy('id');
    if (states?.length) q = q.where('state', 'in', states);
    return (await q.execute()).map(toReservation);
  }

  /** Reservations, optionally only those in the given states, oldest first. */
  async list(filter: { states?: ReservationState[]; resourceId?: string; limit?: number; keyOrder?: boolean; excludeKeyPrefix?: string; expiresBy?: number } = {}): Promise<Reservation[]> {
    // keyOrder: ties on created_at broken by idempotency key (reproducible), instead of by random id.
    let q = this.db.selectFrom('reservations').selectAll().orderBy('created_at').orderBy(filter.keyOrder ? 'idempotency_key' : 'id').limit(filter.limit ?? 10000);
    if (filter.excludeKeyPrefix) q = q.where(keyHead(filter.excludeKeyPrefix.length), '!=', filter.excludeKeyPrefix);
    if (filter.states?.length) q = q.where('state', 'in', filter.states);
    if (filter.resourceId) q = q.where('resource_id', '=', filter.resourceId);
    if (filter.expiresBy !== undefined) q = q.where('expires_at', '<=', filter.expiresBy);
    return (await q.execute()).map(toReservation);
  }

  /**
   * Per resource, how many reservations are in `states` (leaving out keys that start with `excludeKeyPrefix`): one
   * grouped read, where loading every row would hold the event loop for milliseconds per thousand.
   */
  async countByResource(filter: { states: ReservationState[]; excludeKeyPrefix?: string }): Promise<Map<string, number>> {
    let q = this.db.selectFrom('reservations').select(['resource_id', (eb) => eb.fn.countAll<number>().as('n')]).where('state', 'in', filter.states).groupBy('resource_id');
    if (filter.excludeKeyPrefix) q = q.where(keyHead(filter.excludeKeyPrefix.length), '!=', filter.excludeKeyPrefix);
    return new Map((await q.execute()).map((r) => [r.resource_id, Number(r.n)]));
  }

  /** Count per state. */
  async countByState(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('reservations').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }
}
