/** @module NetBox as the engine's SourceOfTruth: shadow addresses are reserved IP records with the ipshadow tag. */
import { IpshadowError } from '../../core/errors';
import type { AddressStatus, AllocateRequest, ShadowRecord, SourceOfTruth } from '../../core/ports';
import { RESERVATION_STATES, type ReservationState } from '../../core/reservation';
import type { ShadowRecord as NetBoxShadow, ShadowWriter } from './shadow-writer';

const STATUSES: readonly string[] = ['reserved', 'dhcp', 'active'];

/** The engine's view of a NetBox shadow record (mask dropped, state and expiry typed). */
export function fromNetBox(r: NetBoxShadow): ShadowRecord {
  const expires = r.expiresAt === null ? NaN : Date.parse(r.expiresAt);
  return {
    recordId: r.ipId,
    address: r.address.split('/')[0]!,
    status: (STATUSES.includes(r.status) ? r.status : 'active') as AddressStatus,
    resourceId: r.resourceId,
    reservationId: r.reservationId,
    state: RESERVATION_STATES.includes(r.state as ReservationState) ? (r.state as ReservationState) : null,
    confidence: r.confidence,
    expiresAt: Number.isFinite(expires) ? expires : null,
  };
}

/** Implements SourceOfTruth over the shadow writer; NetBox honours the `lowest-free` and `shadow-range` selections. */
export class NetBoxSourceOfTruth implements SourceOfTruth {
  constructor(private readonly writer: ShadowWriter) {}

  /** Takes addresses with available-ips on the source (atomic in NetBox). */
  async allocate(req: AllocateRequest): Promise<ShadowRecord[]> {
    const policy = req.selection?.policy ?? 'lowest-free';
    if (policy !== 'lowest-free' && policy !== 'shadow-range') {
      throw new IpshadowError('CONFIG_INVALID', `selection ${policy} is not supported against NetBox (use lowest-free or shadow-range)`);
    }
    const specs = req.items.map((i) => ({ reservationId: i.reservationId, resourceId: req.resourceId, confidence: i.confidence, expiresAt: i.expiresAt, state: i.state }));
    return (await this.writer.reserve(req.source, specs)).map(fromNetBox);
  }

  /** Records the lifecycle state, and the status on claim, with a journal entry. */
  async setState(recordIds: readonly number[], state: ReservationState, note: string, status?: AddressStatus): Promise<void> {
    if (recordIds.length > 0) await this.writer.setState(recordIds, state, note, status);
  }

  /** Deletes the records; ids NetBox no longer has are skipped (the bulk delete does that), so a repeated release succeeds. */
  async release(recordIds: readonly number[]): Promise<void> {
    await this.writer.remove(recordIds);
  }

  /** Every record carrying the ipshadow tag. */
  async listShadow(): Promise<ShadowRecord[]> {
    return (await this.writer.list()).map(fromNetBox);
  }
}
