/** @module Shadow reservation states and the transitions the lifecycle allows. */

/** Lifecycle states, in the order ARCHITECTURE.md gives them. */
export const RESERVATION_STATES = ['intent', 'netbox_written', 'kea_written', 'live', 'claimed', 'expired', 'cancelled', 'released'] as const;
/** A reservation lifecycle state. */
export type ReservationState = (typeof RESERVATION_STATES)[number];

const NEXT: Record<ReservationState, readonly ReservationState[]> = {
  intent: ['netbox_written', 'cancelled'],
  netbox_written: ['kea_written', 'live', 'cancelled', 'expired'],
  kea_written: ['live', 'cancelled', 'expired'],
  live: ['claimed', 'expired', 'cancelled'],
  claimed: ['released'],
  expired: ['released'],
  cancelled: ['released'],
  released: [],
};

/** True when the lifecycle allows moving from `from` to `to`. */
export function canTransition(from: ReservationState, to: ReservationState): boolean {
  return NEXT[from].includes(to);
}

/** A shadow reservation as the store holds it. */
export interface Reservation {
  id: string;
  idempotencyKey: string;
  resourceId: string;
  state: ReservationState;
  address: string | null;
  sourceKind: 'prefix' | 'ip-range' | null;
  sourceId: number | null;
  netboxIpId: number | null;
  mac: string | null;
  confidence: number;
  expiresAt: number;
  createdAt: number;
  updatedAt: number;
}
