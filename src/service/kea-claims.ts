/**
 * @module Kea lease events that claim shadow reservations. Kea is given a reservation's address before the store
 * marks the reservation live (the lifecycle writes Kea first), so a client can take the address in between: such a
 * claim waits, and is tried again after every tick until the reservation is live, for at most `holdMs`.
 */
import type { KeaEvent } from '../adapters/kea';
import type { Clock } from '../core/ports';
import type { Reservation } from '../core/reservation';
import type { AllocationEngine } from '../engine';
import type { Log } from '../log/logger';
import type { Store } from '../store';

/** What the claims run on. */
export interface KeaClaimsDeps {
  store: Pick<Store, 'reservations'>;
  engine: Pick<AllocationEngine, 'claim'>;
  clock: Clock;
  log: Log;
  /** Hears each claim made (for metrics). */
  onClaim?: () => void;
  holdMs?: number;
}

/** Lease events that take an address: the hook's group claim and the commit that follows it. */
const TAKING = new Set(['group_claim', 'lease4_committed']);
/** States in which Kea may already serve the address while the store has not yet marked it live. */
const BEING_WRITTEN = ['netbox_written', 'kea_written'] as const;

/** Claims reservations from Kea lease events, holding those that come before their reservation is live. */
export class KeaClaims {
  private readonly pending = new Map<string, { event: KeaEvent; at: number }>();

  constructor(private readonly d: KeaClaimsDeps) {}

  /** Lease events now waiting for their reservation to go live. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Takes a batch of lease events; the first event per address claims (the hook reports a claim, then its commit). */
  async take(events: readonly KeaEvent[]): Promise<void> {
    const now = this.d.clock.now();
    for (const x of events) if (TAKING.has(x.type) && !this.pending.has(x.address)) this.pending.set(x.address, { event: x, at: now });
    await this.drain();
  }

  /** Claims every waiting address whose reservation is live; drops those with no reservation, or waiting too long. */
  async drain(): Promise<void> {
    if (this.pending.size === 0) return;
    const now = this.d.clock.now();
    const found = await this.d.store.reservations.atAddresses([...this.pending.keys()], ['live', ...BEING_WRITTEN]);
    const byAddress = new Map<string, Reservation>();
    // A live reservation wins over one still being written at the same address.
    for (const r of found) if (r.address && (r.state === 'live' || !byAddress.has(r.address))) byAddress.set(r.address, r);
    for (const [address, { event, at }] of [...this.pending]) {
      const r = byAddress.get(address);
      if (!r) {
        this.pending.delete(address);
        continue;
      }
      if (r.state !== 'live') {
        if (now - at > (this.d.holdMs ?? 120_000)) {
          this.pending.delete(address);
          this.d.log.warn('engine.claim.kea.dropped', { address, reservationId: r.id, state: r.state, waitedMs: now - at });
        }
        continue;
      }
      this.pending.delete(address);
      const claimed = await this.d.engine.claim({ resourceId: r.resourceId, key: `kea:${event.hwaddr}:${address}`, address });
      if (!claimed) continue;
      this.d.onClaim?.();
      this.d.log.info('engine.claim.kea', { address, resourceId: r.resourceId, reservationId: r.id, hwaddr: event.hwaddr, waitedMs: now - at });
    }
  }
}
