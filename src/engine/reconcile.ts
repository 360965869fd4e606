/**
 * @module Reconcile: compares the store with the source of truth (NetBox, by tag) and the DHCP server (Kea hosts rows,
 * pre-leases, hook group lists) and repairs every difference. The store decides: records without a holding
 * reservation are orphans, extra records of one reservation are duplicates, and a reservation whose record an operator
 * deleted is rolled back. Only what this instance could have made is judged: records, Kea rows and groups of resources
 * outside its placements belong to someone else (another ipshadow on the same NetBox) and are left alone. Runs inside
 * the engine's tick queue, so it never races a half-done write.
 */
import type { DhcpPublication, ShadowRecord } from '../core/ports';
import type { Reservation, ReservationState } from '../core/reservation';
import { publicationOf, type Lifecycle, type LifecycleDeps } from './lifecycle';

/** What one reconcile found and repaired. */
export interface ReconcileReport {
  /** Records in the source of truth that no holding reservation owns (removed). */
  orphans: number;
  /** Second records of one reservation (removed). */
  duplicates: number;
  /** Records whose lifecycle state or status lagged the store (rewritten). */
  statesFixed: number;
  /** Reservations whose record was deleted outside ipshadow (rolled back; claimed ones released). */
  rolledBack: number;
  /** Hosts rows and pre-leases written again, and stale ones withdrawn. */
  republished: number;
  withdrawn: number;
  /** True when the hook's group lists differed and were replaced. */
  groupsPushed: boolean;
}

const HOLDING: ReservationState[] = ['netbox_written', 'kea_written', 'live', 'claimed'];
const PUBLISHED: ReservationState[] = ['kea_written', 'live', 'claimed'];
const pubKey = (p: DhcpPublication) => `${p.binding.kind}|${p.reservationId}|${p.address}`;

function sameGroups(a: Record<string, string[]>, b: Record<string, string[]>): boolean {
  const norm = (m: Record<string, string[]>) => JSON.stringify(Object.entries(m).filter(([, v]) => v.length > 0).map(([k, v]) => [k, [...v].sort()]).sort());
  return norm(a) === norm(b);
}

/** Repairs the source of truth and the DHCP server against the store. */
export async function reconcile(d: LifecycleDeps, life: Lifecycle): Promise<ReconcileReport> {
  const report: ReconcileReport = { orphans: 0, duplicates: 0, statesFixed: 0, rolledBack: 0, republished: 0, withdrawn: 0, groupsPushed: false };
  const held = new Map((await d.store.reservations.list({ states: HOLDING, limit: Number.MAX_SAFE_INTEGER })).map((r) => [r.id, r]));
  const intents = new Set((await d.store.reservations.list({ states: ['intent'], limit: Number.MAX_SAFE_INTEGER })).map((r) => r.id));
  const records = await d.sot.listShadow();
  const ours = (resourceId: string | null) => resourceId !== null && d.placement(resourceId) !== null;

  const byReservation = new Map<string, ShadowRecord[]>();
  const remove: number[] = [];
  for (const rec of records) {
    const r = rec.reservationId ? held.get(rec.reservationId) : undefined;
    // A record of an intent is a write the next recover adopts, not an orphan.
    if (rec.reservationId && intents.has(rec.reservationId)) continue;
    if (!r) {
      if (ours(rec.resourceId)) { remove.push(rec.recordId); report.orphans++; }
      continue;
    }
    byReservation.set(r.id, [...(byReservation.get(r.id) ?? []), rec]);
  }
  for (const [id, recs] of byReservation) {
    const r = held.get(id)!;
    const keep = recs.find((x) => x.recordId === r.netboxIpId) ?? recs.reduce((a, b) => (a.recordId < b.recordId ? a : b));
    for (const x of recs) if (x !== keep) { remove.push(x.recordId); report.duplicates++; }
    await fixState(d, r, keep, report);
  }
  if (remove.length > 0) await d.sot.release(remove);

  // Holding reservations whose record is gone: an operator deleted it in NetBox, and NetBox is the source of truth.
  for (const r of held.values()) {
    if (byReservation.has(r.id)) continue;
    await rollBack(d, life, r);
    held.delete(r.id);
    report.rolledBack++;
  }
  if (d.dhcp) await reconcileDhcp(d, [...held.values()], (p) => held.has(p.reservationId) || ours(p.resourceId), report);
  return report;
}

async function fixState(d: LifecycleDeps, r: Reservation, rec: ShadowRecord, report: ReconcileReport): Promise<void> {
  const want = r.state === 'claimed' ? 'claimed' : r.state === 'live' ? 'live' : null;
  const status = r.state === 'claimed' && rec.status === 'reserved' ? 'dhcp' : undefined;
  if (want && (rec.state !== want || status)) {
    await d.sot.setState([rec.recordId], want, 'reconciled with the ipshadow store', status);
    report.statesFixed++;
  }
}

async function rollBack(d: LifecycleDeps, life: Lifecycle, r: Reservation): Promise<void> {
  const gone = { ...r, netboxIpId: null };
  await d.store.events.append({ ts: d.clock.now(), type: 'reservation.rolled_back', resourceId: r.resourceId, reservationId: r.id, payload: { address: r.address, from: r.state, reason: 'record deleted in the source of truth' } });
  if (r.state === 'claimed') {
    await life.releaseClaimed(gone, 'reconcile');
    return;
  }
  const cur = await d.store.reservations.transition(r.id, 'cancelled', {}, { from: r.state, now: d.clock.now() });
  await life.released({ ...cur, netboxIpId: null });
}

async function reconcileDhcp(d: LifecycleDeps, held: Reservation[], mine: (p: DhcpPublication) => boolean, report: ReconcileReport): Promise<void> {
  const dhcp = d.dhcp!;
  const desired: DhcpPublication[] = [];
  for (const r of held) {
    if (!PUBLISHED.includes(r.state)) continue;
    const p = publicationOf(r, d.placement(r.resourceId));
    // A claimed pre-lease became the client's own lease; Kea keeps it without our user-context.
    if (p && !(r.state === 'claimed' && p.binding.kind === 'pre-lease')) desired.push(p);
  }
  const everything = await dhcp.list();
  const actual = everything.filter(mine);
  const want = new Map(desired.filter((p) => p.binding.kind !== 'group').map((p) => [pubKey(p), p]));
  const have = new Map(actual.filter((p) => p.binding.kind !== 'group').map((p) => [pubKey(p), p]));
  const stale = [...have].filter(([k]) => !want.has(k)).map(([, p]) => p);
  const missing = [...want].filter(([k]) => !have.has(k)).map(([, p]) => p);
  if (stale.length > 0) await dhcp.withdraw(stale);
  if (missing.length > 0) await dhcp.publish(missing);
  report.withdrawn += stale.length;
  report.republished += missing.length;

  const groups = (list: DhcpPublication[]) => {
    const m: Record<string, string[]> = {};
    for (const p of list) if (p.binding.kind === 'group') (m[p.binding.group] ??= []).push(p.address);
    return m;
  };
  const wantGroups = groups(desired), haveGroups = groups(actual);
  if (!sameGroups(wantGroups, haveGroups)) {
    // Groups that lost every address are sent empty, so the hook drops them too; other instances' groups stay as they are.
    for (const g of Object.keys(haveGroups)) wantGroups[g] ??= [];
    await dhcp.setGroups({ ...groups(everything.filter((p) => !mine(p))), ...wantGroups });
    report.groupsPushed = true;
  }
}
