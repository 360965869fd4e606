/** @module Ports the engine reaches the outside through: a clock and the source of truth for addresses. */

/** Time source; the live service uses the wall clock, backtests a simulated one. */
export interface Clock {
  now(): number;
}

/** An address held for a resource by the source of truth. */
export interface HeldAddress {
  address: string;
  resourceId: string;
}

/** The IPAM that hands out and takes back addresses (NetBox, or the embedded IPAM for demo and backtest). */
export interface SourceOfTruth {
  reserve(resourceId: string, count: number): Promise<HeldAddress[]>;
  release(addresses: readonly HeldAddress[]): Promise<void>;
}

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  constructor(private t = 0) {}
  /** Current simulated time in ms. */
  now(): number {
    return this.t;
  }
  /** Moves the clock to `t` (never backwards). */
  set(t: number): void {
    this.t = Math.max(this.t, t);
  }
}
