/**
 * @module The reservation saga: intent (store, idempotency key) → SourceOfTruth write → DHCP publish → live, and the
 * endings (claimed, expired, cancelled → released). Every step is a compare-and-set in the store, appends one event to
 * the store's event log, and is safe to repeat after a crash. Without a DHCP server (backtests, the embedded IPAM),
 * `netbox_written` goes straight to `live`.
 */
import type { Kysely } from 'kysely';
import { hasCode, IpshadowError } from '../core/errors';
import type { AddressSource, Clock, DhcpBinding, DhcpPublication, DhcpServer, SelectionPolicy, SourceOfTruth } from '../core/ports';
import type { Reservation, ReservationState } from '../core/reservation';
import type { NewEvent, Store } from '../store';
import type { Database } from '../store/schema';
import type { Lead } from './lead';
import { pacer } from './pace';

/** Event types the engine appends. */
export const ENGINE_EVENTS = {
  intent: 'reservation.intent',
  written: 'reservation.netbox_written',
  published: 'reservation.kea_written',
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

/** Reservations per step of `afterWriteAll` (one DHCP publish and one NetBox live mark each). */
const WRITE_CHUNK = 50;

/** Which live reservation a claim takes. */
type ClaimPick = { id: string } | { resourceId: string; skipKeyPrefix: string };

/** Options of a claim. */
export interface ClaimOptions {
  /** Takes the source-of-truth write off the caller's path. */
  defer?: (recordId: number) => void;
  /** Also logs the allocation's hit event (`allocation.hit`) in the claim's transaction. */
  hit?: boolean;
  /** Further store writes that commit or roll back with the claim (the allocation API's answer). */
  also?: (tx: Kysely<Database>, claimed: Reservation) => Promise<void>;
  /** A write that opens the claim's transaction; when it returns false it commits alone and nothing is claimed. */
  first?: (tx: Kysely<Database>) => Promise<boolean>;
}

/** Where a resource's addresses come from, and how the DHCP server hands one to the resource's client. */
export interface Placement {
  source: AddressSource;
  selection?: SelectionPolicy;
  /** The DHCP binding for an address of this resource; null or absent: nothing to publish. */
  binding?: (address: string) => DhcpBinding | null;
}

/** What the saga needs: the store's reservations and events, the source of truth, the DHCP server and the clock. */
export interface LifecycleDeps {
  store: Pick<Store, 'reservations' | 'events'>;
  sot: SourceOfTruth;
  dhcp?: DhcpServer;
  clock: Clock;
  /** Where a resource's addresses come from (also gives the DHCP binding when withdrawing). */
  placement: (resourceId: string) => Placement | null;
}

/** The DHCP publication of a reservation that holds an address, or null when its resource has no binding. */
export function publicationOf(r: Reservation, placement: Placement | null): DhcpPublication | null {
  const binding = r.address && placement?.binding ? placement.binding(r.address) : null;
  return binding && r.address ? { reservationId: r.id, resourceId: r.resourceId, address: r.address, binding } : null;
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
    return this.afterWriteAll(intents.map((r, i) => ({ r, recordId: records[i]!.recordId, address: records[i]!.address })));
  }

  /** Moves a reservation whose address the source of truth holds on: published to the DHCP server, then `live`. */
  async afterWrite(r: Reservation, recordId: number, address: string): Promise<Reservation> {
    return (await this.afterWriteAll([{ r, recordId, address }]))[0]!;
  }

  /**
   * `afterWrite` for a batch, step by step: each step is one DHCP publish or one source-of-truth write for the whole
   * batch (was one of each per reservation), and every reservation's state moves after the step that covers it.
   */
  async afterWriteAll(batch: ReadonlyArray<{ r: Reservation; recordId: number; address: string }>): Promise<Reservation[]> {
    const out: Reservation[] = [];
    // Bounded, so that one NetBox request (a bulk PATCH and its journal entries) stays well inside its timeout.
    for (let i = 0; i < batch.length; i += WRITE_CHUNK) out.push(...(await this.afterWriteChunk(batch.slice(i, i + WRITE_CHUNK))));
    return out;
  }

  private async afterWriteChunk(batch: ReadonlyArray<{ r: Reservation; recordId: number; address: string }>): Promise<Reservation[]> {
    const now = this.d.clock.now();
    const cur: Reservation[] = [];
    const pace = pacer();
    for (const { r, recordId, address } of batch) {
      await pace();
      if (r.state !== 'intent') { cur.push(r); continue; }
      const written = await this.d.store.reservations.transition(r.id, 'netbox_written', { address, netboxIpId: recordId }, { from: 'intent', now });
      await this.event(ENGINE_EVENTS.written, written, { address, recordId });
      cur.push(written);
    }
    const publish = cur.map((r, i) => ({ i, p: this.d.dhcp && r.state === 'netbox_written' ? publicationOf(r, this.d.placement(r.resourceId)) : null }))
      .filter((x): x is { i: number; p: DhcpPublication } => x.p !== null);
    if (publish.length > 0) {
      await this.d.dhcp!.publish(publish.map((x) => x.p));
      for (const { i, p } of publish) {
        await pace();
        cur[i] = await this.d.store.reservations.transition(cur[i]!.id, 'kea_written', {}, { from: 'netbox_written', now });
        await this.event(ENGINE_EVENTS.published, cur[i]!, { address: cur[i]!.address, binding: p.binding });
      }
    }
    await this.d.sot.setState(batch.map((b) => b.recordId), 'live', 'ready for its resource');
    for (const [i, r] of cur.entries()) {
      await pace();
      cur[i] = await this.d.store.reservations.transition(r.id, 'live', {}, { from: r.state, now });
      await this.event(ENGINE_EVENTS.live, cur[i]!, { address: cur[i]!.address });
    }
    return cur;
  }

  /** Takes a reservation's address back from the DHCP server and the source of truth (both idempotent). */
  private async unpublish(r: Reservation): Promise<void> {
    const publication = this.d.dhcp ? publicationOf(r, this.d.placement(r.resourceId)) : null;
    if (publication) await this.d.dhcp!.withdraw([publication]);
    if (r.netboxIpId !== null) await this.d.sot.release([r.netboxIpId]);
  }

  /**
   * Claims a live reservation for an allocation (durable once this returns; CONFLICT when it is not live any more) and
   * marks the address as in DHCP use in the source of truth; see `claimLive` for `o`.
   */
  async claim(r: Reservation, allocationKey: string, lead: Lead, o: ClaimOptions = {}): Promise<Reservation> {
    const cur = await this.claimLive({ id: r.id }, allocationKey, () => lead, o);
    if (!cur) throw new IpshadowError('CONFLICT', `reservation ${r.id} is no longer live`, { id: r.id, to: 'claimed' });
    return cur;
  }

  /**
   * Claims a resource's oldest live reservation that was not made on demand (keys starting with `skipKeyPrefix`) for
   * an allocation; null when none is live. See `claimLive` for `o`.
   */
  claimOldest(resourceId: string, skipKeyPrefix: string, allocationKey: string, lead: (r: Reservation) => Lead, o: ClaimOptions = {}): Promise<Reservation | null> {
    return this.claimLive({ resourceId, skipKeyPrefix }, allocationKey, lead, o);
  }

  /**
   * One store transaction: the claim, its event, the allocation's hit event (with `o.hit`) and `o.also`. Then the
   * source-of-truth write: with `o.defer` it is handed over (to be batched in the background; reconcile repairs it if
   * lost).
   */
  private async claimLive(pick: ClaimPick, allocationKey: string, lead: (r: Reservation) => Lead, o: ClaimOptions): Promise<Reservation | null> {
    const now = this.d.clock.now();
    const events = (c: Reservation): NewEvent[] => [
      { ts: now, type: ENGINE_EVENTS.claimed, resourceId: c.resourceId, reservationId: c.id, payload: { address: c.address, allocationKey, heldMs: now - c.createdAt, ...lead(c) } },
      ...(o.hit ? [{ ts: now, type: ENGINE_EVENTS.hit, resourceId: c.resourceId, reservationId: c.id, payload: { key: allocationKey, address: c.address } }] : []),
    ];
    const cur = await this.d.store.reservations.claim(pick, { allocationKey, now, events, ...(o.also && { also: o.also }), ...(o.first && { first: o.first }) });
    if (!cur || cur.netboxIpId === null) return cur;
    if (o.defer) o.defer(cur.netboxIpId);
    else await this.d.sot.setState([cur.netboxIpId], 'claimed', `claimed by ${allocationKey}`, 'dhcp');
    return cur;
  }

  /** Marks records claimed in the source of truth in one write (claims the allocation API handed over). */
  async markClaimed(recordIds: readonly number[]): Promise<void> {
    if (recordIds.length > 0) await this.d.sot.setState(recordIds, 'claimed', 'claimed through the allocation API (the key is in the ipshadow event log)', 'dhcp');
  }

  /**
   * Ends a reservation as expired or cancelled (an intent can only be cancelled), removes its address from the source
   * of truth, then marks it released. Null when another writer moved it first.
   */
  async finish(r: Reservation, end: 'expired' | 'cancelled', info: Record<string, unknown>): Promise<Reservation | null> {
    const to = r.state === 'intent' ? 'cancelled' : end;
    const now = this.d.clock.now();
    let cur: Reservation | undefined;
    try {
      cur = await this.d.store.reservations.transition(r.id, to, {}, { from: r.state, now });
    } catch (err) {
      if (hasCode(err, 'CONFLICT')) return null;
      throw err;
    }
    await this.event(ENGINE_EVENTS[to], cur, { address: cur.address, heldMs: now - cur.createdAt, ...info });
    return this.released(cur);
  }

  /** Finishes an expired or cancelled reservation: its address leaves Kea and NetBox, then it is released. */
  async released(r: Reservation): Promise<Reservation> {
    await this.unpublish(r);
    const cur = await this.d.store.reservations.transition(r.id, 'released', {}, { from: r.state, now: this.d.clock.now() });
    await this.event(ENGINE_EVENTS.released, cur, { address: cur.address });
    return cur;
  }

  /** Ends a claimed reservation when its allocation is released: the address goes back to the source of truth. */
  async releaseClaimed(r: Reservation, allocationKey: string): Promise<Reservation> {
    await this.unpublish(r);
    const cur = await this.d.store.reservations.transition(r.id, 'released', {}, { from: 'claimed', now: this.d.clock.now() });
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
