/**
 * @module Reconcile: compares the store with the source of truth (NetBox, by tag) and the DHCP server (Kea hosts rows,
 * pre-leases, hook group lists) and repairs every difference. The store decides: records without a holding
 * reservation are orphans, extra records of one reservation are duplicates, and a reservation whose record an operator
 * deleted is rolled back. Only what this instance could have made is judged: records, Kea rows and groups of resources
 * outside its placements belong to someone else (another ipshadow on the same NetBox) and are left alone. Runs inside
 * the engine's tick queue, so it never races a half-done write.
 */
import { hasCode } from '../core/errors';
import type { AddressStatus, DhcpPublication, ShadowRecord } from '../core/ports';
import type { Reservation, ReservationState } from '../core/reservation';
import { Lifecycle, publicationOf, type LifecycleDeps } from './lifecycle';

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
/** States whose NetBox record and Kea rows are wanted (or about to be). */
const LIVING: ReservationState[] = ['intent', ...HOLDING];
const pubKey = (p: DhcpPublication) => `${p.binding.kind}|${p.reservationId}|${p.address}`;

function sameGroups(a: Record<string, string[]>, b: Record<string, string[]>): boolean {
  const norm = (m: Record<string, string[]>) => JSON.stringify(Object.entries(m).filter(([, v]) => v.length > 0).map(([k, v]) => [k, [...v].sort()]).sort());
  return norm(a) === norm(b);
}

/** Repairs the source of truth and the DHCP server against the store. */
export async function reconcile(d: LifecycleDeps): Promise<ReconcileReport> {
  const report: ReconcileReport = { orphans: 0, duplicates: 0, statesFixed: 0, rolledBack: 0, republished: 0, withdrawn: 0, groupsPushed: false };
  const held = new Map((await d.store.reservations.list({ states: HOLDING, limit: Number.MAX_SAFE_INTEGER })).map((r) => [r.id, r]));
  const intents = new Set((await d.store.reservations.list({ states: ['intent'], limit: Number.MAX_SAFE_INTEGER })).map((r) => r.id));
  const ours = (resourceId: string | null) => resourceId !== null && d.placement(resourceId) !== null;
  const { byReservation, candidates } = classify(await d.sot.listShadow(), held, intents, ours);
  const remove = (await orphansOf(d, candidates)).map((rec) => rec.recordId);
  report.orphans = remove.length;
  const lagging = new Map<string, number[]>();
  for (const [id, recs] of byReservation) {
    const r = held.get(id)!;
    const keep = recs.find((x) => x.recordId === r.netboxIpId) ?? recs.reduce((a, b) => (a.recordId < b.recordId ? a : b));
    for (const x of recs) if (x !== keep) { remove.push(x.recordId); report.duplicates++; }
    const fix = stateFix(r, keep);
    if (fix) (lagging.get(fix) ?? lagging.set(fix, []).get(fix)!).push(keep.recordId);
  }
  if (remove.length > 0) await d.sot.release(remove);
  // One write per (state, status) pair, however many records lag.
  for (const [fix, ids] of lagging) {
    const [state, status] = fix.split('|') as [ReservationState, AddressStatus | ''];
    await d.sot.setState(ids, state, 'reconciled with the ipshadow store', status || undefined);
    report.statesFixed += ids.length;
  }

  // Holding reservations whose record is gone: an operator deleted it in NetBox, and NetBox is the source of truth.
  // Their Kea halves are withdrawn below, in one batch with every other stale publication.
  const quiet = new Lifecycle({ ...d, dhcp: undefined });
  for (const r of held.values()) {
    if (byReservation.has(r.id)) continue;
    if (await rollBack(d, quiet, r)) report.rolledBack++;
  }
  if (d.dhcp) await reconcileDhcp(d, ours, report);
  return report;
}

/** Each held reservation's records, and the records of ours that no holding reservation owns (orphan candidates). */
function classify(records: readonly ShadowRecord[], held: ReadonlyMap<string, Reservation>, intents: ReadonlySet<string>, ours: (resourceId: string | null) => boolean) {
  const byReservation = new Map<string, ShadowRecord[]>();
  const candidates: ShadowRecord[] = [];
  for (const rec of records) {
    // A record of an intent is a write the next recover adopts, not an orphan.
    if (rec.reservationId && intents.has(rec.reservationId)) continue;
    const r = rec.reservationId ? held.get(rec.reservationId) : undefined;
    if (!r) {
      if (ours(rec.resourceId)) candidates.push(rec);
      continue;
    }
    const list = byReservation.get(r.id);
    if (list) list.push(rec);
    else byReservation.set(r.id, [rec]);
  }
  return { byReservation, candidates };
}

/**
 * The candidates that really are orphans. A reservation begun after the store was read (an on-demand allocation runs
 * outside the tick queue) can have its record listed already: its record is not an orphan.
 */
async function orphansOf(d: LifecycleDeps, candidates: readonly ShadowRecord[]): Promise<ShadowRecord[]> {
  const out: ShadowRecord[] = [];
  for (const rec of candidates) {
    const now = rec.reservationId ? await d.store.reservations.get(rec.reservationId) : undefined;
    if (!now || !LIVING.includes(now.state)) out.push(rec);
  }
  return out;
}

/** `state|status` to write when the record lags the store, else null. */
function stateFix(r: Reservation, rec: ShadowRecord): string | null {
  const want = r.state === 'claimed' ? 'claimed' : r.state === 'live' ? 'live' : null;
  const status = r.state === 'claimed' && rec.status === 'reserved' ? 'dhcp' : '';
  return want && (rec.state !== want || status) ? `${want}|${status}` : null;
}

/** Rolls back a reservation whose record is gone; false when another writer ended it first (e.g. a release via the API). */
async function rollBack(d: LifecycleDeps, life: Lifecycle, r: Reservation): Promise<boolean> {
  const gone = { ...r, netboxIpId: null };
  try {
    if (r.state === 'claimed') {
      await life.releaseClaimed(gone, 'reconcile');
    } else {
      const cur = await d.store.reservations.transition(r.id, 'cancelled', {}, { from: r.state, now: d.clock.now() });
      await life.released({ ...cur, netboxIpId: null });
    }
  } catch (err) {
    if (hasCode(err, 'CONFLICT')) return false;
    throw err;
  }
  await d.store.events.append({ ts: d.clock.now(), type: 'reservation.rolled_back', resourceId: r.resourceId, reservationId: r.id, payload: { address: r.address, from: r.state, reason: 'record deleted in the source of truth' } });
  return true;
}

/**
 * Kea against the store. Kea is read before the store, so a reservation published meanwhile (an on-demand allocation
 * runs outside the tick queue) is in both reads and never mistaken for a stale one.
 */
async function reconcileDhcp(d: LifecycleDeps, ours: (resourceId: string | null) => boolean, report: ReconcileReport): Promise<void> {
  const dhcp = d.dhcp!;
  const everything = await dhcp.list();
  const held = await d.store.reservations.list({ states: PUBLISHED, limit: Number.MAX_SAFE_INTEGER });
  const holding = new Set(held.map((r) => r.id));
  const mine = (p: DhcpPublication) => holding.has(p.reservationId) || ours(p.resourceId);
  const desired: DhcpPublication[] = [];
  for (const r of held) {
    const p = publicationOf(r, d.placement(r.resourceId));
    // A claimed pre-lease became the client's own lease; Kea keeps it without our user-context.
    if (p && !(r.state === 'claimed' && p.binding.kind === 'pre-lease')) desired.push(p);
  }
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
