/** @module Ports the engine reaches the outside through: a clock and the source of truth for addresses. */
import type { ReservationState } from './reservation';

/** Time source; the live service uses the wall clock, backtests a simulated one. */
export interface Clock {
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

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
  /** Moves the clock forward by `ms` (negative values are ignored). */
  advance(ms: number): void {
    this.t += Math.max(0, ms);
  }
}

/** Where addresses come from: a prefix or an IP range, by the source of truth's own id (NetBox ids for NetBox). */
export interface AddressSource {
  kind: 'prefix' | 'ip-range';
  id: number;
}

/**
 * How to pick addresses inside a source (the seed's SelectIPFromPool). `lowest-free`: the lowest free addresses of the
 * source. `shadow-range`: only inside the source's shadow ranges. `keep-contiguous`: next to the resource's existing
 * addresses, else the first free run long enough, else lowest free. `per-tenant`: only inside the tenant's ranges of
 * the source (or the source itself when it is the tenant's). NetBox honours `lowest-free` and `shadow-range`.
 */
export type SelectionPolicy =
  | { policy: 'lowest-free' }
  | { policy: 'shadow-range' }
  | { policy: 'keep-contiguous' }
  | { policy: 'per-tenant'; tenantId: number };

/** Status of an address record, with NetBox's values. */
export type AddressStatus = 'reserved' | 'dhcp' | 'active';

/** Metadata written with each shadow address (NetBox custom fields `ipshadow_*`). */
export interface ShadowMeta {
  reservationId: string;
  confidence: number;
  expiresAt: number;
  state: ReservationState;
}

/** A request for `items.length` addresses for one resource, each written with status `reserved` and its metadata. */
export interface AllocateRequest {
  resourceId: string;
  source: AddressSource;
  selection?: SelectionPolicy;
  items: readonly ShadowMeta[];
}

/** A shadow address record as the source of truth holds it. */
export interface ShadowRecord {
  /** The source of truth's id for the record (a NetBox IP address id). */
  recordId: number;
  /** The address without a mask. */
  address: string;
  status: AddressStatus;
  resourceId: string | null;
  reservationId: string | null;
  state: ReservationState | null;
  confidence: number | null;
  expiresAt: number | null;
}

/**
 * The IPAM that hands out and takes back shadow addresses (NetBox, or the embedded IPAM for demo and backtest).
 * Allocation is atomic: concurrent callers never receive the same address. When a source has too few free
 * addresses, `allocate` throws an IpshadowError with code NETBOX_NO_ROOM and allocates nothing.
 */
export interface SourceOfTruth {
  /** Allocates one address per item, in item order, with status `reserved` and the item's metadata. */
  allocate(req: AllocateRequest): Promise<ShadowRecord[]>;
  /** Records a lifecycle state on records; with `status`, also changes their status (`dhcp`/`active` on claim). */
  setState(recordIds: readonly number[], state: ReservationState, note: string, status?: AddressStatus): Promise<void>;
  /** Removes records, freeing their addresses; unknown ids are ignored. */
  release(recordIds: readonly number[]): Promise<void>;
  /** Every shadow record the source of truth holds (for reconcile and crash recovery). */
  listShadow(): Promise<ShadowRecord[]>;
}

/**
 * How a shadow address reaches its client. `host`: a reservation for a known MAC (Kea hosts database; any address of
 * the subnet). `pre-lease`: a lease written ahead of a known MAC (address inside a pool). `group`: the address joins the
 * list the Kea hook hands to clients matching the group's rules (address inside the guarded shadow pool).
 */
export type DhcpBinding =
  | { kind: 'host'; hwaddr: string; subnetId: number }
  | { kind: 'pre-lease'; hwaddr: string; subnetId: number }
  | { kind: 'group'; group: string };

/** One shadow address as published to the DHCP server. */
export interface DhcpPublication {
  reservationId: string;
  resourceId: string;
  address: string;
  binding: DhcpBinding;
}

/**
 * The DHCP server that serves shadow addresses (Kea). Every call is idempotent: publishing what is there, or withdrawing
 * what is gone, succeeds. `list` returns what the server holds for ipshadow; group entries carry the group's name
 * as both reservation and resource id when the server does not know the reservation.
 */
export interface DhcpServer {
  publish(items: readonly DhcpPublication[]): Promise<void>;
  withdraw(items: readonly DhcpPublication[]): Promise<void>;
  list(): Promise<DhcpPublication[]>;
  /** Replaces every group list at once (after a Kea restart forgot them, or on reconcile). */
  setGroups(groups: Record<string, string[]>): Promise<void>;
}
