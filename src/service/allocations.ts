/**
 * @module The allocation API's service: a request for a resource's address, idempotent by the client's key. A hit
 * claims a live shadow reservation (durable in the store; NetBox is told in the background); a miss allocates on
 * demand through NetBox and Kea.
 */
import { hostname } from 'node:os';
import { IpshadowError } from '../core/errors';
import { processAlive } from '../core/process-alive';
import type { Clock } from '../core/ports';
import type { Reservation } from '../core/reservation';
import { isOnDemand, type AllocationEngine } from '../engine';
import type { ClaimOptions } from '../engine/lifecycle';
import type { Store } from '../store';
import type { BackgroundWrites } from './background-writes';

/** An allocation request. */
export interface AllocationRequest {
  resource: string;
  key: string;
}

/** The answer (the same for every retry of one key). */
export interface AllocationAnswer {
  key: string;
  resource: string;
  outcome: 'hit' | 'miss';
  address: string;
  reservationId: string;
  replayed: boolean;
}

/** How a request took its key: created it, took it over from a crashed owner, or neither (a retry). */
type Begun = 'new' | 'taken-over' | null;

/** The answer for a request served by `r`. */
const answer = (req: AllocationRequest, r: Reservation, outcome: 'hit' | 'miss'): AllocationAnswer =>
  ({ key: req.key, resource: req.resource, outcome, address: r.address!, reservationId: r.id, replayed: false });

/** This process's owner tag for pending keys: host, pid and start time. */
export function processOwner(): string {
  return `${hostname()}:${process.pid}:${Date.now()}`;
}

/** True when a pending key's owner is a dead process on this host, or its key is older than `staleMs`. */
export function ownerGone(staleMs: number, now: () => number) {
  return (owner: string, updatedAt: number): boolean => {
    const [host, pid] = owner.split(':');
    if (host === hostname() && pid && !processAlive(Number(pid))) return true;
    return now() - updatedAt > staleMs;
  };
}

/** What the service runs on. */
export interface AllocationServiceDeps {
  store: Pick<Store, 'allocations'>;
  engine: AllocationEngine;
  clock: Clock;
  background: BackgroundWrites;
  owner: string;
  staleMs?: number;
}

/** Serves allocation requests. */
export class AllocationService {
  private pendingMarks: number[] = [];

  private readonly isStale: (owner: string, updatedAt: number) => boolean;

  constructor(private readonly d: AllocationServiceDeps) {
    this.isStale = ownerGone(d.staleMs ?? 30_000, () => d.clock.now());
  }

  /** Queues a NetBox claim mark; marks gathered while earlier writes run go to NetBox as one bulk write. */
  private markLater(recordId: number): void {
    this.pendingMarks.push(recordId);
    if (this.pendingMarks.length > 1) return;
    this.d.background.push('claim marks', async () => {
      const ids = this.pendingMarks;
      this.pendingMarks = [];
      try {
        await this.d.engine.markClaimed(ids);
      } catch (err) {
        // Put them back for the retry; marks queued meanwhile ride along.
        this.pendingMarks = [...ids, ...this.pendingMarks];
        throw err;
      }
    });
  }

  /**
   * Answers a request; a retry of a finished key gets the stored answer, one still running gets CONFLICT. A fresh key's
   * hit is one store transaction (key, claim, events, answer); a crash leaves either all of it or none.
   */
  async allocate(req: AllocationRequest): Promise<AllocationAnswer> {
    const { store, clock, owner } = this.d;
    // Set inside the claim's transaction (a cast, so the compiler does not narrow it to its initial null).
    let begun = null as Begun;
    const fresh = await this.hit(req, async (tx) => (begun = await store.allocations.on(tx).begin(req.key, req.resource, null, owner, clock.now(), this.isStale)) === 'new');
    if (fresh) return answer(req, fresh, 'hit');
    if (!begun) return this.replay(req);
    try {
      // Only a key taken over from a crashed process can hold a reservation already.
      const before = begun === 'taken-over' ? await this.claimedBefore(req) : null;
      const hit = begun === 'taken-over' && !before ? await this.hit(req) : null;
      const r = hit ?? before ?? (await this.d.engine.onDemand({ resourceId: req.resource, key: req.key }));
      const outcome = isOnDemand(r) ? 'miss' : 'hit';
      // A hit's answer was recorded in its claim's transaction.
      if (!hit) await store.allocations.finish(req.key, owner, outcome, r.id, r.address!, clock.now());
      return answer(req, r, outcome);
    } catch (err) {
      await store.allocations.abandon(req.key, owner);
      throw err;
    }
  }

  /**
   * Claims a live shadow reservation; the claim, its events and the key's answer commit as one store transaction,
   * opened by `first` when given (which declines the claim by returning false).
   */
  private hit(req: AllocationRequest, first?: ClaimOptions['first']): Promise<Reservation | null> {
    const { store, clock, owner } = this.d;
    return this.d.engine.claim({ resourceId: req.resource, key: req.key }, {
      defer: (recordId) => this.markLater(recordId),
      also: (tx, r) => store.allocations.on(tx).finish(req.key, owner, 'hit', r.id, r.address!, clock.now()),
      ...(first && { first }),
    });
  }

  /**
   * A key taken over from a crashed process may already hold its reservation: a claim made for this key (indexed by
   * key), or an on-demand reservation begun for it (finished now, whatever step the crash stopped it at).
   */
  private async claimedBefore(req: AllocationRequest): Promise<Reservation | null> {
    const onDemand = await this.d.engine.onDemandFor(req.key);
    if (onDemand) return (await this.d.engine.claimedFor(onDemand, req.key)) ? onDemand : this.d.engine.onDemand({ resourceId: req.resource, key: req.key });
    return this.d.engine.claimedBy(req.resource, req.key);
  }

  private async replay(req: AllocationRequest): Promise<AllocationAnswer> {
    const a = await this.d.store.allocations.get(req.key);
    if (!a) throw new IpshadowError('CONFLICT', `allocation ${req.key} is being retried concurrently; try again`, { key: req.key });
    if (a.resourceId !== req.resource) throw new IpshadowError('CONFLICT', `key ${req.key} was used for resource ${a.resourceId}`, { key: req.key });
    if (a.outcome === 'pending') throw new IpshadowError('CONFLICT', `allocation ${req.key} is still in progress; retry`, { key: req.key });
    return { key: a.key, resource: a.resourceId, outcome: a.outcome, address: a.address!, reservationId: a.reservationId!, replayed: true };
  }
}
