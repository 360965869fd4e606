/** @module Writes shadow reservations to NetBox as reserved IP records, with a journal entry per state change. */
import type { ReservationState } from '../../core/reservation';
import type { Log } from '../../log/logger';
import type { AddressSource, NetBoxBulk } from './bulk';
import { unwrapChoice } from './choice';
import type { NetBoxHttp } from './http';
import type { AvailableIpBody, IpPatchBody, JournalEntryBody, NetBoxIpAddress } from './types';

/** One reservation to write. */
export interface ShadowSpec {
  reservationId: string;
  resourceId: string;
  confidence: number;
  expiresAt: number;
  state?: ReservationState;
}

/** A shadow reservation as NetBox holds it. */
export interface ShadowRecord {
  ipId: number;
  address: string;
  status: string;
  reservationId: string | null;
  resourceId: string | null;
  state: string | null;
  confidence: number | null;
  expiresAt: string | null;
}

type IpObject = Pick<NetBoxIpAddress, 'id' | 'address' | 'status' | 'custom_fields'>;

const IP_PATH = '/api/ipam/ip-addresses/';
const JOURNAL_PATH = '/api/extras/journal-entries/';
// NetBox 4 serialises only these (`fields`); the nested VRF, tenant, assigned object and NAT objects cost most of a page.
const SHADOW_FIELDS = 'id,address,status,custom_fields';

/** NetBox returns a select custom field as `{value, label}`, and accepts the bare value on write. */
function selectValue(v: unknown): string | null {
  const value = unwrapChoice(v);
  return value !== v || typeof v === 'string' ? String(value) : null;
}

function toRecord(ip: IpObject): ShadowRecord {
  const cf = ip.custom_fields ?? {};
  const num = cf.ipshadow_confidence;
  return {
    ipId: ip.id,
    address: ip.address,
    status: ip.status?.value ?? 'active',
    reservationId: (cf.ipshadow_reservation as string | null) ?? null,
    resourceId: (cf.ipshadow_resource as string | null) ?? null,
    state: selectValue(cf.ipshadow_state),
    confidence: num === null || num === undefined ? null : Number(num),
    expiresAt: (cf.ipshadow_expires as string | null) ?? null,
  };
}

/** The IP record body of a shadow reservation (status `reserved`, the tag, the `ipshadow_*` custom fields). */
export function shadowBody(s: ShadowSpec, tag: string): AvailableIpBody {
  return {
    status: 'reserved',
    tags: [{ slug: tag }],
    description: `ipshadow reservation for ${s.resourceId}`.slice(0, 200),
    custom_fields: {
      ipshadow_reservation: s.reservationId,
      ipshadow_resource: s.resourceId,
      ipshadow_confidence: Math.round(s.confidence * 10000) / 10000,
      ipshadow_expires: new Date(s.expiresAt).toISOString(),
      ipshadow_state: s.state ?? 'netbox_written',
    },
  };
}

/** Creates, updates and removes shadow reservation records in NetBox. */
export class ShadowWriter {
  constructor(private readonly http: NetBoxHttp, private readonly bulk: NetBoxBulk, private readonly tag: string, private readonly log: Log) {}

  /** Allocates one address per spec from `source` (race-safe in NetBox) and journals the new state. */
  async reserve(source: AddressSource, specs: readonly ShadowSpec[]): Promise<ShadowRecord[]> {
    const bodies = specs.map((s) => shadowBody(s, this.tag));
    const created = (await this.bulk.allocate<IpObject>(source, bodies)).map(toRecord);
    await this.journal(created.map((r, i) => ({ ipId: r.ipId, text: `ipshadow: reserved ${r.address} for ${specs[i]!.resourceId} (confidence ${specs[i]!.confidence.toFixed(3)}, expires ${new Date(specs[i]!.expiresAt).toISOString()})` })));
    for (const r of created) this.log.info('netbox.reservation.written', { ipId: r.ipId, address: r.address, reservationId: r.reservationId, resourceId: r.resourceId });
    return created;
  }

  /** Sets the lifecycle state (and optionally the IP status, e.g. `dhcp` on claim) and journals the change. */
  async setState(ipIds: readonly number[], state: ReservationState, note: string, status?: 'reserved' | 'dhcp' | 'active'): Promise<void> {
    await this.bulk.updateLean(IP_PATH, ipIds.map((id): IpPatchBody => ({ id, custom_fields: { ipshadow_state: state }, ...(status && { status }) })));
    await this.journal(ipIds.map((ipId) => ({ ipId, text: `ipshadow: ${state}: ${note}` })));
    for (const ipId of ipIds) this.log.info('netbox.reservation.state', { ipId, state, status });
  }

  /** Deletes shadow records (their journal entries go with them; the changelog keeps the history). */
  async remove(ipIds: readonly number[]): Promise<void> {
    if (ipIds.length === 0) return;
    await this.bulk.remove(IP_PATH, ipIds);
    for (const ipId of ipIds) this.log.info('netbox.reservation.removed', { ipId });
  }

  /** Every IP record carrying the ipshadow tag (only the fields a shadow record needs, a few pages at a time). */
  async list(): Promise<ShadowRecord[]> {
    return (await this.http.allInSlices<IpObject>(IP_PATH, { tag: this.tag, fields: SHADOW_FIELDS })).map(toRecord);
  }

  private async journal(entries: ReadonlyArray<{ ipId: number; text: string }>): Promise<void> {
    if (entries.length === 0) return;
    await this.bulk.createLean(JOURNAL_PATH, entries.map((e): JournalEntryBody => ({ assigned_object_type: 'ipam.ipaddress', assigned_object_id: e.ipId, kind: 'info', comments: e.text })));
  }
}
