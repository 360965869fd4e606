/**
 * @module The reservation saga: intent (store, idempotency key) → SourceOfTruth write → live, and the endings
 * (claimed, expired, cancelled → released). Every step is a compare-and-set in the store, and every step appends
 * one event to the store's event log. Without a DHCP port yet, `netbox_written` goes straight to `live`.
 */
import { hasCode } from '../core/errors';
import type { AddressSource, Clock, SelectionPolicy, SourceOfTruth } from '../core/ports';
import type { Reservation, ReservationState } from '../core/reservation';
import type { Store } from '../store';
import type { Lead } from './lead';

/** Event types the engine appends. */
export const ENGINE_EVENTS = {
  intent: 'reservation.intent',
  written: 'reservation.netbox_written',
  live: 'reservation.live',
  claimed: 'reservation.claimed',
  expired: 'reservation.expired',
  cancelled: 'reservation.cancelled',
  released: 'reservation.released',
  noRoom: 'reservation.no_room',
  hit: 'allocation.hit',
  miss: 'allocation.miss',
} as const;

/** States that hold (or are about to hold) an address for a resource. */
export const ACTIVE_STATES: ReservationState[] = ['intent', 'netbox_written', 'kea_written', 'live'];

/** Where a resource's addresses come from. */
export interface Placement {
  source: AddressSource;
  selection?: SelectionPolicy;
}

/** What the saga needs: the store's reservations and events, the source of truth and the clock. */
export interface LifecycleDeps {
  store: Pick<Store, 'reservations' | 'events'>;
  sot: SourceOfTruth;
  clock: Clock;
}

/** Runs the lifecycle steps. */
export class Lifecycle {
  constructor(private readonly d: LifecycleDeps) {}

  private async event(type: string, r: Reservation, payload: Record<string, unknown>): Promise<void> {
    await this.d.store.events.append({ ts: this.d.clock.now(), type, resourceId: r.resourceId, reservationId: r.id, payload });
  }

  /** Records an intent; null when the key already exists (a replay, or another engine got there first). */
  async intent(key: string, resourceId: string, confidence: number, placement: Placement, ttlMs: number, info: Record<string, unknown>): Promise<Reservation | null> {
    const now = this.d.clock.now();
    const { reservation, created } = await this.d.store.reservations.createIntent(
      { idempotencyKey: key, resourceId, confidence, expiresAt: now + ttlMs, sourceKind: placement.source.kind, sourceId: placement.source.id }, now);
    if (!created) return null;
    await this.event(ENGINE_EVENTS.intent, reservation, { key, ...info });
    return reservation;
  }

  /** Writes intents of one resource to the source of truth and makes them live; on NO_ROOM they are cancelled. */
  async write(intents: readonly Reservation[], placement: Placement): Promise<Reservation[]> {
    const first = intents[0];
    if (!first) return [];
    const items = intents.map((r) => ({ reservationId: r.id, confidence: r.confidence, expiresAt: r.expiresAt, state: 'netbox_written' as const }));
    let records;
    try {
      records = await this.d.sot.allocate({ resourceId: first.resourceId, source: placement.source, selection: placement.selection, items });
    } catch (err) {
      if (!hasCode(err, 'NETBOX_NO_ROOM')) throw err;
      // All or nothing failed: place what fits one by one, and cancel the rest.
      if (intents.length > 1) {
        const placed: Reservation[] = [];
        for (const r of intents) placed.push(...(await this.write([r], placement)));
        return placed;
      }
      await this.event(ENGINE_EVENTS.noRoom, first, { source: placement.source });
      await this.finish(first, 'cancelled', { reason: 'no_room' });
      return [];
    }
    const out: Reservation[] = [];
    for (const [i, r] of intents.entries()) {
      const rec = records[i]!;
      out.push(await this.afterWrite(r, rec.recordId, rec.address));
    }
    return out;
  }

  /** Moves a reservation whose address the source of truth holds on to `live`. */
  async afterWrite(r: Reservation, recordId: number, address: string): Promise<Reservation> {
    const now = this.d.clock.now();
    let cur = r;
    if (cur.state === 'intent') {
      cur = await this.d.store.reservations.transition(r.id, 'netbox_written', { address, netboxIpId: recordId }, { from: 'intent', now });
      await this.event(ENGINE_EVENTS.written, cur, { address, recordId });
    }
    await this.d.sot.setState([recordId], 'live', 'ready for its resource');
    cur = await this.d.store.reservations.transition(cur.id, 'live', {}, { from: cur.state, now });
    await this.event(ENGINE_EVENTS.live, cur, { address: cur.address });
    return cur;
  }

  /** Claims a live reservation for an allocation, and marks the address as in DHCP use. */
  async claim(r: Reservation, allocationKey: string, lead: Lead): Promise<Reservation> {
    const cur = await this.d.store.reservations.transition(r.id, 'claimed', {}, { from: 'live', now: this.d.clock.now() });
    if (cur.netboxIpId !== null) await this.d.sot.setState([cur.netboxIpId], 'claimed', `claimed by ${allocationKey}`, 'dhcp');
    await this.event(ENGINE_EVENTS.claimed, cur, { address: cur.address, allocationKey, heldMs: this.d.clock.now() - cur.createdAt, ...lead });
    return cur;
  }

  /**
   * Ends a reservation as expired or cancelled (an intent can only be cancelled), removes its address from the source
   * of truth, then marks it released. Null when another writer moved it first.
   */
  async finish(r: Reservation, end: 'expired' | 'cancelled', info: Record<string, unknown>): Promise<Reservation | null> {
    const to = r.state === 'intent' ? 'cancelled' : end;
    const now = this.d.clock.now();
    let cur: Reservation;
    try {
      cur = await this.d.store.reservations.transition(r.id, to, {}, { from: r.state, now });
    } catch (err) {
      if (hasCode(err, 'CONFLICT')) return null;
      throw err;
    }
    await this.event(ENGINE_EVENTS[to], cur, { address: cur.address, heldMs: now - cur.createdAt, ...info });
    if (cur.netboxIpId !== null) await this.d.sot.release([cur.netboxIpId]);
    cur = await this.d.store.reservations.transition(cur.id, 'released', {}, { from: to, now });
    await this.event(ENGINE_EVENTS.released, cur, { address: cur.address });
    return cur;
  }

  /** Ends a claimed reservation when its allocation is released: the address goes back to the source of truth. */
  async releaseClaimed(r: Reservation, allocationKey: string): Promise<Reservation> {
    const cur = await this.d.store.reservations.transition(r.id, 'released', {}, { from: 'claimed', now: this.d.clock.now() });
    if (cur.netboxIpId !== null) await this.d.sot.release([cur.netboxIpId]);
    await this.event(ENGINE_EVENTS.released, cur, { address: cur.address, allocationKey });
    return cur;
  }

  /** Records an allocation that found a reservation (hit) or not (miss). */
  async allocation(resourceId: string, key: string, hit: Reservation | null): Promise<void> {
    await this.d.store.events.append({
      ts: this.d.clock.now(), type: hit ? ENGINE_EVENTS.hit : ENGINE_EVENTS.miss, resourceId, reservationId: hit?.id ?? null,
      payload: { key, address: hit?.address ?? null },
    });
  }
}
