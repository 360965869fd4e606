/**
 * @module The proactive allocation engine (the seed's ProactiveAllocate loop). Each tick: recover reservations a
 * crash left half-written, expire those past their TTL, then per resource size the holding from its shadow inventory
 * entry (threshold, newsvendor level, caps), cancel the surplus and create the shortfall through the lifecycle.
 * The same engine runs live and in backtests; only the SourceOfTruth and the Clock differ.
 */
import { hasCode, IpshadowError } from '../core/errors';
import { parseIp } from '../core/ip';
import type { Clock, DhcpServer, SourceOfTruth } from '../core/ports';
import type { Reservation } from '../core/reservation';
import type { ShadowEntry } from '../core/shadow';
import type { Store } from '../store';
import { leadFor, type Lead } from './lead';
import { pacer } from './pace';
import { ACTIVE_STATES, Lifecycle, type ClaimOptions, type Placement } from './lifecycle';
import { reconcile, type ReconcileReport } from './reconcile';
import { currentEntries, serviceLevel, targetCount, type EnginePolicy } from './policy';

/** What the engine runs on. `placement` says where a resource's addresses come from (null: never pre-allocate). */
export interface EngineDeps {
  store: Pick<Store, 'reservations' | 'events'>;
  sot: SourceOfTruth;
  /** The DHCP server shadow addresses are published to (absent in backtests). */
  dhcp?: DhcpServer;
  clock: Clock;
  policy: EnginePolicy;
  placement: (resourceId: string) => Placement | null;
}

/** What one tick did. */
export interface TickResult {
  recovered: Reservation[];
  expired: Reservation[];
  cancelled: Reservation[];
  created: Reservation[];
  /** Reservations not made yet because their lead time has not come. */
  deferred: number;
  /** Target holding per resource that had a current entry. */
  targets: Record<string, number>;
}

/** An allocation seen in a Kea lease event, a NetBox change or the allocation API. */
export interface AllocationSeen {
  resourceId: string;
  key: string;
  address?: string | null;
}

// The store breaks createdAt ties by random id; the engine orders by key so that runs are reproducible.
const byOldest = (a: Reservation, b: Reservation): number => a.createdAt - b.createdAt || (a.idempotencyKey < b.idempotencyKey ? -1 : 1);
/** How long an on-demand reservation's own request may take before recover treats it as stuck. */
const IN_FLIGHT_MS = 60_000;
/** Idempotency-key prefix of reservations made on demand for one allocation request. */
export const ON_DEMAND = 'on-demand:';
/** True for a reservation made on demand for one allocation request (not part of the predicted holding). */
export const isOnDemand = (r: Reservation): boolean => r.idempotencyKey.startsWith(ON_DEMAND);
/** The idempotency key of generation `g` of the on-demand reservation for allocation `key`. */
export const onDemandKey = (key: string, g: number): string => `${ON_DEMAND}${key}${g === 0 ? '' : `#${g}`}`;
const onDemandGeneration = (idempotencyKey: string): number => Number(/#(\d+)$/.exec(idempotencyKey)?.[1] ?? 0);
const byNewest = (a: Reservation, b: Reservation): number => byOldest(b, a);
const sameIp = (a: string | null, b: string): boolean => a !== null && parseIp(a)?.value === parseIp(b)?.value;

/** The proactive allocation engine. */
export class AllocationEngine {
  private readonly life: Lifecycle;
  private ticking: Promise<unknown> = Promise.resolve();

  private readonly startedAt: number;

  constructor(private readonly d: EngineDeps) {
    this.life = new Lifecycle(d);
    this.startedAt = d.clock.now();
  }

  /** One decision round over the current shadow inventory; overlapping calls run one after the other. */
  tick(entries: readonly ShadowEntry[]): Promise<TickResult> {
    const run = this.ticking.then(() => this.tickNow(entries));
    this.ticking = run.catch(() => undefined);
    return run;
  }

  private async tickNow(entries: readonly ShadowEntry[]): Promise<TickResult> {
    const now = this.d.clock.now();
    const recovered = await this.recover();
    const expired = await this.expire(now);
    const current = currentEntries(entries, this.d.policy, now);
    // Counts, not rows: the rows of a thousand held reservations took the event loop for milliseconds every tick.
    const all = await this.d.store.reservations.countByResource({ states: ACTIVE_STATES });
    // On-demand reservations serve one request each; they are not part of the predicted holding.
    const held = await this.d.store.reservations.countByResource({ states: ACTIVE_STATES, excludeKeyPrefix: ON_DEMAND });
    const order = [...current.values()].sort((a, b) => b.pAny - a.pAny || (a.resourceId < b.resourceId ? -1 : 1));
    const res: TickResult = { recovered, expired, cancelled: [], created: [], deferred: 0, targets: {} };
    let globalFree = this.d.policy.maxGlobal - [...all.values()].reduce((a, b) => a + b, 0);
    const pace = pacer();
    for (const entry of order) {
      await pace();
      const holding = held.get(entry.resourceId) ?? 0;
      const target = targetCount(entry, this.d.policy);
      res.targets[entry.resourceId] = target;
      const surplus = Math.max(0, holding - target);
      const mine = surplus > 0 ? await this.d.store.reservations.list({ states: ACTIVE_STATES, resourceId: entry.resourceId, excludeKeyPrefix: ON_DEMAND }) : [];
      const cancellable = mine.filter((r) => now - r.createdAt >= this.d.policy.minHoldMs).sort(byNewest);
      for (const r of cancellable.slice(0, surplus)) {
        await pace();
        const done = await this.life.finish(r, 'cancelled', { reason: 'surplus', target, ...leadFor(r.idempotencyKey, this.d.policy) });
        if (done) { res.cancelled.push(done); globalFree++; }
      }
      const want = Math.min(Math.max(0, target - holding), Math.max(0, globalFree));
      const { created, deferred } = await this.create(entry, want, target);
      res.created.push(...created);
      res.deferred += deferred;
      globalFree -= created.length;
    }
    return res;
  }

  /** Resolves when the queued ticks and reconciles have finished (graceful shutdown). */
  async idle(): Promise<void> {
    await this.ticking;
  }

  /** Finishes interrupted reservations, then repairs NetBox and Kea against the store (queued with the ticks). */
  reconcile(): Promise<ReconcileReport & { recovered: number }> {
    const run = this.ticking.then(async () => {
      const recovered = (await this.recover()).length;
      return { recovered, ...(await reconcile(this.d)) };
    });
    this.ticking = run.catch(() => undefined);
    return run;
  }

  /**
   * Matches an allocation to a live reservation of its resource (by address when given, else the oldest); null on a
   * miss. The claim and its events are one store transaction, which `o.also` joins (the allocation API's answer);
   * `o.defer` moves the source-of-truth write off the caller's path (the allocation API).
   */
  async claim(a: AllocationSeen, o: Omit<ClaimOptions, 'hit'> = {}): Promise<Reservation | null> {
    const lead = (r: Reservation) => leadFor(r.idempotencyKey, this.d.policy);
    // A claim by address may try several transactions; `first` must run exactly once, in the one that claims.
    if (a.address && o.first) throw new Error('a claim with a first write must pick by resource, not by address');
    let declined = false;
    const opening = o.first;
    const first = opening && (async (tx: Parameters<typeof opening>[0]) => {
      const go = await opening(tx);
      declined = !go;
      return go;
    });
    // An on-demand reservation belongs to the request that began it (a crash may have left it live, unclaimed).
    const claimed = a.address ? await this.claimAt(a, a.address, lead, o) : await this.life.claimOldest(a.resourceId, ON_DEMAND, a.key, lead, { ...o, ...(first && { first }), hit: true });
    // A declined first write means the caller did not take the request: it was neither a hit nor a miss.
    if (!claimed && !declined) await this.life.allocation(a.resourceId, a.key, null);
    return claimed;
  }

  private async claimAt(a: AllocationSeen, address: string, lead: (r: Reservation) => Lead, o: Omit<ClaimOptions, 'hit'>): Promise<Reservation | null> {
    const candidates = (await this.d.store.reservations.list({ states: ['live'], resourceId: a.resourceId })).sort(byOldest).filter((r) => sameIp(r.address, address));
    for (const pick of candidates) {
      try {
        return await this.life.claim(pick, a.key, lead(pick), { ...o, hit: true });
      } catch (err) {
        // Claimed, expired or cancelled by someone else between our read and our write: try the next one.
        if (!hasCode(err, 'CONFLICT')) throw err;
      }
    }
    return null;
  }

  /** The newest on-demand reservation begun for allocation `key` (a retry after it ended without a claim begins another). */
  async onDemandFor(key: string): Promise<Reservation | undefined> {
    let last: Reservation | undefined;
    for (let g = 0; ; g++) {
      const r = await this.d.store.reservations.byKey(onDemandKey(key, g));
      if (!r) return last;
      last = r;
    }
  }

  /** Serves an allocation on demand (a miss): a reservation written through NetBox and Kea now, and claimed at once. */
  async onDemand(a: AllocationSeen): Promise<Reservation> {
    const placement = this.d.placement(a.resourceId);
    if (!placement) throw new IpshadowError('NOT_FOUND', `no engine.placements rule covers resource ${a.resourceId}`, { resourceId: a.resourceId });
    const prior = await this.onDemandFor(a.key);
    const ended = prior && ['expired', 'cancelled', 'released'].includes(prior.state) && !(await this.claimedFor(prior, a.key));
    const key = !prior ? onDemandKey(a.key, 0) : ended ? onDemandKey(a.key, onDemandGeneration(prior.idempotencyKey) + 1) : prior.idempotencyKey;
    let r = (await this.life.intent(key, a.resourceId, 1, placement, this.d.policy.ttlMs, { onDemand: true })) ?? (await this.d.store.reservations.byKey(key))!;
    if (r.state === 'intent') r = (await this.life.write([r], placement))[0] ?? (await this.d.store.reservations.get(r.id))!;
    else if (r.state === 'netbox_written' || r.state === 'kea_written') r = await this.life.afterWrite(r, r.netboxIpId!, r.address!);
    if (r.state === 'live') r = await this.life.claim(r, a.key, { leadMs: 0, jittered: false, jitterMs: 0 });
    if (r.state !== 'claimed') throw new IpshadowError('NETBOX_NO_ROOM', `no address could be allocated for ${a.resourceId} (reservation ${r.id} is ${r.state})`, { resourceId: a.resourceId });
    return r;
  }

  /** True when reservation `r` was claimed for allocation `key`. */
  async claimedFor(r: Reservation, key: string): Promise<boolean> {
    return (await this.d.store.reservations.claimedBy(key, { resourceId: r.resourceId })).some((c) => c.id === r.id);
  }

  /** The reservation claimed for allocation `key` of a resource, newest first (an indexed lookup, not an event scan). */
  async claimedBy(resourceId: string, key: string): Promise<Reservation | null> {
    return (await this.d.store.reservations.claimedBy(key, { resourceId }))[0] ?? null;
  }

  /** Marks records claimed in the source of truth in one batch (deferred allocation API claims). */
  markClaimed(recordIds: readonly number[]): Promise<void> {
    return this.life.markClaimed(recordIds);
  }

  /** Releases the claimed reservation that served allocation `key`, if any (its address goes back to the IPAM). */
  async release(a: AllocationSeen): Promise<Reservation | null> {
    const [claimed] = (await this.d.store.reservations.claimedBy(a.key, { resourceId: a.resourceId, states: ['claimed'] })).sort(byOldest);
    return claimed ? this.life.releaseClaimed(claimed, a.key) : null;
  }

  /**
   * Finishes what a crash or an outage interrupted: intents get their address (adopted if the source of truth has it),
   * written ones are published and go live, and expired or cancelled ones are taken out of Kea and NetBox.
   */
  async recover(): Promise<Reservation[]> {
    const now = this.d.clock.now();
    // An on-demand reservation this process began a moment ago is being written by its request, not stuck.
    const inFlight = (r: Reservation) => isOnDemand(r) && r.updatedAt >= this.startedAt && now - r.updatedAt < IN_FLIGHT_MS;
    const stuck = (await this.d.store.reservations.list({ states: ['intent', 'netbox_written', 'kea_written', 'expired', 'cancelled'] }))
      .filter((r) => !inFlight(r)).sort(byOldest);
    if (stuck.length === 0) return [];
    const records = new Map((await this.d.sot.listShadow()).map((s) => [s.reservationId, s]));
    const out: Reservation[] = [];
    // Written ones go live as one batch, and unwritten intents are written in one batch per resource.
    const adopt: Array<{ r: Reservation; recordId: number; address: string }> = [];
    const unwritten = new Map<string, Reservation[]>();
    const pace = pacer();
    for (const r of stuck) {
      await pace();
      if (r.state === 'expired' || r.state === 'cancelled') {
        out.push(await this.life.released(r));
        continue;
      }
      const rec = records.get(r.id);
      if (rec) adopt.push({ r, recordId: rec.recordId, address: rec.address });
      else if (r.state === 'intent' && this.d.placement(r.resourceId)) unwritten.set(r.resourceId, [...(unwritten.get(r.resourceId) ?? []), r]);
    }
    out.push(...(await this.life.afterWriteAll(adopt)));
    for (const [resourceId, intents] of unwritten) out.push(...(await this.life.write(intents, this.d.placement(resourceId)!)));
    return out;
  }

  private async expire(now: number): Promise<Reservation[]> {
    const due = (await this.d.store.reservations.list({ states: ACTIVE_STATES, expiresBy: now })).sort((a, b) => a.expiresAt - b.expiresAt || byOldest(a, b));
    const out: Reservation[] = [];
    const pace = pacer();
    for (const r of due) {
      await pace();
      const done = await this.life.finish(r, 'expired', { ...leadFor(r.idempotencyKey, this.d.policy) });
      if (done) out.push(done);
    }
    return out;
  }

  private async create(entry: ShadowEntry, want: number, target: number): Promise<{ created: Reservation[]; deferred: number }> {
    const placement = this.d.placement(entry.resourceId);
    if (want === 0 || !placement) return { created: [], deferred: 0 };
    const now = this.d.clock.now();
    const prefix = `${entry.resourceId}@${entry.asOfMs}/${entry.horizonMs}#`;
    const level = serviceLevel(entry, this.d.policy);
    const intents: Reservation[] = [];
    let deferred = 0;
    // Keys are the entry plus the lowest sequence numbers not yet used; two engines on one tick pick the same keys,
    // and the store's unique key lets only one of them create each reservation.
    const used = await this.d.store.reservations.keysWithPrefix(entry.resourceId, prefix);
    const pace = pacer();
    for (let seq = 0, tried = 0; tried < want; seq++) {
      const key = `${prefix}${seq}`;
      if (used.has(key)) continue;
      await pace();
      tried++;
      const lead = leadFor(key, this.d.policy);
      if (entry.eta && entry.eta.fromMs - lead.leadMs > now) { deferred++; continue; }
      const info = { ...lead, target, pAny: entry.pAny, serviceLevel: level, model: entry.model };
      const r = await this.life.intent(key, entry.resourceId, entry.pAny, placement, this.d.policy.ttlMs, info);
      if (r) intents.push(r);
    }
    return { created: await this.life.write(intents, placement), deferred };
  }
}
