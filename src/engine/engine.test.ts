import { ManualClock } from '../core/ports';
import type { Reservation } from '../core/reservation';
import type { ShadowEntry } from '../core/shadow';
import { EmbeddedIpam } from '../ipam';
import { openStore, type Store } from '../store';
import { AllocationEngine } from './engine';
import { MemoryDhcpServer } from './memory-dhcp';
import { leadFor } from './lead';
import { enginePolicy, targetCount, type EnginePolicyInput } from './policy';

const T0 = 1_000_000;
const MIN = 60_000;

function entry(resourceId: string, pAny: number, counts: [number, number], extra: Partial<ShadowEntry> = {}): ShadowEntry {
  return {
    resourceId, asOfMs: T0, horizonMs: 15 * MIN, pAny, quantiles: [{ p: 0.5, count: counts[0] }, { p: 0.9, count: counts[1] }],
    eta: null, resourceType: 'group', expectedBandwidthBps: null, model: 'test', validUntilMs: T0 + MIN, ...extra,
  };
}

describe('proactive allocation engine on the embedded IPAM', () => {
  let store: Store;
  let clock: ManualClock;
  let ipam: EmbeddedIpam;
  let prefix: number;
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    clock = new ManualClock(T0);
    ipam = new EmbeddedIpam(store.ipam, clock);
    prefix = await ipam.addPrefix('10.0.0.0/24');
  });
  afterEach(() => store.close());

  const engine = (p: EnginePolicyInput = {}) => new AllocationEngine({
    store, sot: ipam, clock, placement: () => ({ source: { kind: 'prefix', id: prefix } }),
    policy: enginePolicy({ threshold: 0.6, horizonMs: 15 * MIN, serviceLevel: 0.9, ttlMs: 10 * MIN, maxPerResource: 4, seed: 7, ...p }),
  });
  /** Reservations and events with ids replaced by R1, R2… in key order. */
  async function snapshot() {
    // Ids are random UUIDs and `list` breaks createdAt ties by id, so order by idempotency key.
    const rs = (await store.reservations.list()).sort((a, b) => (a.idempotencyKey < b.idempotencyKey ? -1 : 1));
    const label = new Map(rs.map((r, i) => [r.id, `R${i + 1}`]));
    const strip = (r: Reservation) => ({ ...r, id: label.get(r.id) });
    const events = (await store.events.list()).map((e) => [e.ts - T0, e.type, e.resourceId, e.reservationId && label.get(e.reservationId), e.payload]);
    return { reservations: rs.map(strip), events, label };
  }

  it('holds 2 lowest-free addresses above the threshold, replays idempotently, claims one, expires the other', async () => {
    const eng = engine({ jitter: { fraction: 0.5, maxMs: MIN } });
    const entries = [entry('r1', 0.8, [1, 2]), entry('r2', 0.3, [0, 1])];
    const first = await eng.tick(entries);
    expect(first.targets).toEqual({ r1: 2, r2: 0 });
    expect(first.created.map((r) => [r.state, r.address])).toEqual([['live', '10.0.0.1'], ['live', '10.0.0.2']]);
    const replay = await eng.tick(entries);
    expect({ ...replay, targets: {} }).toEqual({ recovered: [], expired: [], cancelled: [], created: [], deferred: 0, targets: {} });

    clock.set(T0 + 2 * MIN);
    expect((await eng.claim({ resourceId: 'r1', key: 'lease-1', address: '10.0.0.2' }))?.address).toBe('10.0.0.2');
    expect(await eng.claim({ resourceId: 'r2', key: 'lease-2' })).toBeNull();
    clock.set(T0 + 11 * MIN);
    expect((await eng.tick(entries)).expired.map((r) => [r.address, r.state])).toEqual([['10.0.0.1', 'released']]);

    const snap = await snapshot();
    const base = { resourceId: 'r1', sourceKind: 'prefix', sourceId: prefix, mac: null, confidence: 0.8, expiresAt: T0 + 10 * MIN, createdAt: T0 };
    expect(snap.reservations).toEqual([
      { ...base, id: 'R1', idempotencyKey: 'r1@1000000/900000#0', state: 'released', address: '10.0.0.1', netboxIpId: 1, updatedAt: T0 + 11 * MIN },
      { ...base, id: 'R2', idempotencyKey: 'r1@1000000/900000#1', state: 'claimed', address: '10.0.0.2', netboxIpId: 2, updatedAt: T0 + 2 * MIN },
    ]);
    // Seed 7 jitters the first key's lead (by +33.783 s, within ±1 min) and not the second's; both are logged with
    // the intent and again with the outcome (claimed, expired).
    const lead0 = { leadMs: 33_783, jitterMs: 33_783, jittered: true }, lead1 = { leadMs: 0, jitterMs: 0, jittered: false };
    const intent = { target: 2, pAny: 0.8, serviceLevel: 0.9, model: 'test' };
    expect(snap.events).toEqual([
      [0, 'reservation.intent', 'r1', 'R1', { key: 'r1@1000000/900000#0', ...lead0, ...intent }],
      [0, 'reservation.intent', 'r1', 'R2', { key: 'r1@1000000/900000#1', ...lead1, ...intent }],
      // One batch: each step (source-of-truth write, live mark) covers both reservations before the next step.
      [0, 'reservation.netbox_written', 'r1', 'R1', { address: '10.0.0.1', recordId: 1 }],
      [0, 'reservation.netbox_written', 'r1', 'R2', { address: '10.0.0.2', recordId: 2 }],
      [0, 'reservation.live', 'r1', 'R1', { address: '10.0.0.1' }],
      [0, 'reservation.live', 'r1', 'R2', { address: '10.0.0.2' }],
      [2 * MIN, 'reservation.claimed', 'r1', 'R2', { address: '10.0.0.2', allocationKey: 'lease-1', heldMs: 2 * MIN, ...lead1 }],
      [2 * MIN, 'allocation.hit', 'r1', 'R2', { key: 'lease-1', address: '10.0.0.2' }],
      [2 * MIN, 'allocation.miss', 'r2', null, { key: 'lease-2', address: null }],
      [11 * MIN, 'reservation.expired', 'r1', 'R1', { address: '10.0.0.1', heldMs: 11 * MIN, ...lead0 }],
      [11 * MIN, 'reservation.released', 'r1', 'R1', { address: '10.0.0.1' }],
    ]);
    expect((await ipam.listShadow()).map((r) => [r.address, r.reservationId && snap.label.get(r.reservationId), r.state, r.status])).toEqual([['10.0.0.2', 'R2', 'claimed', 'dhcp']]);
  });

  it('waits for the lead time before the ETA window; a jittered slot moves its start', async () => {
    const eng = engine({ leadTimeMs: 5 * MIN, jitter: { fraction: 0.5, maxMs: MIN } });
    const e = entry('r1', 0.9, [2, 2], { eta: { fromMs: T0 + 10 * MIN, toMs: T0 + 12 * MIN }, validUntilMs: T0 + 20 * MIN });
    expect((await eng.tick([e])).deferred).toBe(2);
    // Slot #0 has lead 5 min + 33.783 s (see above), slot #1 exactly 5 min.
    clock.set(T0 + 4 * MIN + 26_217);
    const a = await eng.tick([e]);
    expect([a.created.map((r) => [r.idempotencyKey, r.address]), a.deferred]).toEqual([[['r1@1000000/900000#0', '10.0.0.1']], 1]);
    clock.set(T0 + 5 * MIN);
    const b = await eng.tick([e]);
    expect([b.created.map((r) => [r.idempotencyKey, r.address]), b.deferred]).toEqual([[['r1@1000000/900000#1', '10.0.0.2']], 0]);
  });

  it('cancels the surplus (newest first) when the forecast falls, and frees the addresses', async () => {
    const eng = engine();
    await eng.tick([entry('r1', 0.9, [2, 3])]);
    clock.set(T0 + MIN);
    const fall = await eng.tick([entry('r1', 0.9, [1, 1], { asOfMs: T0 + MIN, validUntilMs: T0 + 2 * MIN })]);
    expect([fall.targets, fall.cancelled.map((r) => [r.idempotencyKey, r.state])]).toEqual([{ r1: 1 }, [['r1@1000000/900000#2', 'released'], ['r1@1000000/900000#1', 'released']]]);
    clock.set(T0 + 2 * MIN);
    const gone = await eng.tick([entry('r1', 0.2, [0, 1], { asOfMs: T0 + 2 * MIN, validUntilMs: T0 + 3 * MIN })]);
    expect(gone.cancelled.map((r) => r.address)).toEqual(['10.0.0.1']);
    expect(await ipam.listShadow()).toEqual([]);
    const types = (await store.events.list({ type: 'reservation.cancelled' })).map((e) => e.payload);
    const noJitter = { leadMs: 0, jitterMs: 0, jittered: false };
    expect(types).toEqual([
      { address: '10.0.0.3', heldMs: MIN, reason: 'surplus', target: 1, ...noJitter },
      { address: '10.0.0.2', heldMs: MIN, reason: 'surplus', target: 1, ...noJitter },
      { address: '10.0.0.1', heldMs: 2 * MIN, reason: 'surplus', target: 0, ...noJitter },
    ]);
  });

  it('releases a claimed reservation when its allocation is released', async () => {
    const eng = engine();
    await eng.tick([entry('r1', 0.9, [1, 1])]);
    clock.set(T0 + MIN);
    const claimed = await eng.claim({ resourceId: 'r1', key: 'vm-1' });
    clock.set(T0 + 3 * MIN);
    expect(await eng.release({ resourceId: 'r1', key: 'vm-other' })).toBeNull();
    expect(await eng.release({ resourceId: 'r1', key: 'vm-1' })).toEqual({ ...claimed, state: 'released', updatedAt: T0 + 3 * MIN });
    expect(await ipam.listShadow()).toEqual([]);
    expect((await store.events.list({ reservationId: claimed!.id })).slice(-1).map((e) => [e.type, e.payload])).toEqual([
      ['reservation.released', { address: '10.0.0.1', allocationKey: 'vm-1' }],
    ]);
  });

  it('applies the per-resource and global caps, most likely resources first', async () => {
    const eng = engine({ maxPerResource: 3, maxGlobal: 4 });
    const t = await eng.tick([entry('a', 0.7, [5, 9]), entry('b', 0.95, [5, 9])]);
    expect(t.targets).toEqual({ a: 3, b: 3 });
    expect(t.created.map((r) => [r.resourceId, r.address])).toEqual([['b', '10.0.0.1'], ['b', '10.0.0.2'], ['b', '10.0.0.3'], ['a', '10.0.0.4']]);
  });

  it('recovers after a crash: an intent is written, an address the IPAM already holds is adopted', async () => {
    const mk = (key: string) => store.reservations.createIntent({ idempotencyKey: key, resourceId: 'r1', confidence: 0.7, expiresAt: T0 + MIN, sourceKind: 'prefix', sourceId: prefix }, T0);
    await mk('k-lost');
    const half = (await mk('k-half')).reservation;
    await ipam.addPrefix('10.9.0.0/24');
    await ipam.allocate({ resourceId: 'r1', source: { kind: 'prefix', id: 2 }, items: [{ reservationId: half.id, confidence: 0.7, expiresAt: T0 + MIN, state: 'netbox_written' }] });
    const t = await engine().tick([]);
    expect(t.recovered.map((r) => [r.idempotencyKey, r.state, r.address])).toEqual([['k-half', 'live', '10.9.0.1'], ['k-lost', 'live', '10.0.0.1']]);
    expect((await engine().tick([])).recovered).toEqual([]);
  });

  it('publishes to the DHCP server before live, withdraws on expiry, and finishes both halves after a failure', async () => {
    const dhcp = new MemoryDhcpServer();
    const eng = new AllocationEngine({
      store, sot: ipam, dhcp, clock,
      placement: () => ({ source: { kind: 'prefix', id: prefix }, binding: () => ({ kind: 'group', group: 'g1' }) }),
      policy: enginePolicy({ threshold: 0.6, horizonMs: 15 * MIN, serviceLevel: 0.9, ttlMs: 10 * MIN, maxPerResource: 4, seed: 7 }),
    });
    const first = await eng.tick([entry('r1', 0.8, [1, 1])]);
    expect(first.created.map((r) => [r.state, r.address])).toEqual([['live', '10.0.0.1']]);
    expect(dhcp.calls).toEqual(['publish 10.0.0.1']);
    const types = (await store.events.list({ reservationId: first.created[0]!.id })).map((e) => e.type);
    expect(types).toEqual(['reservation.intent', 'reservation.netbox_written', 'reservation.kea_written', 'reservation.live']);

    // Kea is down while the reservation expires: the store says expired, Kea and the IPAM still hold the address.
    clock.set(T0 + 11 * MIN);
    dhcp.failNext = new Error('Kea unreachable');
    await expect(eng.tick([])).rejects.toThrow('Kea unreachable');
    expect((await store.reservations.list())[0]!.state).toBe('expired');
    expect((await ipam.listShadow()).map((r) => r.address)).toEqual(['10.0.0.1']);
    // The next tick finishes the job on both sides.
    expect((await eng.tick([])).recovered.map((r) => [r.address, r.state])).toEqual([['10.0.0.1', 'released']]);
    expect(await dhcp.list()).toEqual([]);
    expect(await ipam.listShadow()).toEqual([]);
  });

  it('writes a batch step by step: one DHCP publish and one source-of-truth live mark for all of it', async () => {
    const dhcp = new MemoryDhcpServer();
    const setState: number[][] = [];
    const sot = Object.create(ipam) as EmbeddedIpam;
    sot.setState = (ids, ...rest) => {
      setState.push([...ids]);
      return ipam.setState(ids, ...rest);
    };
    const eng = new AllocationEngine({
      store, sot, dhcp, clock,
      placement: () => ({ source: { kind: 'prefix', id: prefix }, binding: () => ({ kind: 'group', group: 'g1' }) }),
      policy: enginePolicy({ threshold: 0.6, horizonMs: 15 * MIN, serviceLevel: 0.9, ttlMs: 10 * MIN, maxPerResource: 4, seed: 7 }),
    });
    const t = await eng.tick([entry('r1', 0.8, [3, 3])]);
    expect(t.created.map((r) => [r.state, r.address])).toEqual([['live', '10.0.0.1'], ['live', '10.0.0.2'], ['live', '10.0.0.3']]);
    expect(dhcp.calls).toEqual(['publish 10.0.0.1,10.0.0.2,10.0.0.3']);
    expect(setState).toEqual([[1, 2, 3]]);
  });

  it('recovers unwritten intents of a resource with one source-of-truth write', async () => {
    const allocations: number[] = [];
    let fail = true;
    const sot = Object.create(ipam) as EmbeddedIpam;
    sot.allocate = (req) => {
      allocations.push(req.items.length);
      if (fail) return Promise.reject(new Error('NetBox timed out'));
      return ipam.allocate(req);
    };
    const eng = new AllocationEngine({ store, sot, clock, placement: () => ({ source: { kind: 'prefix', id: prefix } }), policy: enginePolicy({ threshold: 0.6, horizonMs: 15 * MIN, serviceLevel: 0.9, ttlMs: 10 * MIN, maxPerResource: 4, seed: 7 }) });
    await expect(eng.tick([entry('r1', 0.8, [3, 3])])).rejects.toThrow('NetBox timed out');
    fail = false;
    const t = await eng.tick([entry('r1', 0.8, [3, 3])]);
    expect(t.recovered.map((r) => [r.state, r.address])).toEqual([['live', '10.0.0.1'], ['live', '10.0.0.2'], ['live', '10.0.0.3']]);
    expect(allocations).toEqual([3, 3]);
  });

  it('recovers a reservation written to the IPAM but not yet to the DHCP server', async () => {
    const dhcp = new MemoryDhcpServer();
    const deps = {
      store, sot: ipam, clock,
      placement: () => ({ source: { kind: 'prefix' as const, id: prefix }, binding: () => ({ kind: 'host' as const, hwaddr: '0c:00:00:00:00:01', subnetId: 1 }) }),
      policy: enginePolicy({ threshold: 0.6, horizonMs: 15 * MIN, serviceLevel: 0.9, ttlMs: 10 * MIN, maxPerResource: 4, seed: 7 }),
    };
    dhcp.failNext = new Error('crash before publish');
    await expect(new AllocationEngine({ ...deps, dhcp }).tick([entry('r1', 0.8, [1, 1])])).rejects.toThrow('crash before publish');
    expect((await store.reservations.list()).map((r) => [r.state, r.address])).toEqual([['netbox_written', '10.0.0.1']]);
    const again = await new AllocationEngine({ ...deps, dhcp }).tick([entry('r1', 0.8, [1, 1])]);
    expect(again.recovered.map((r) => [r.state, r.address])).toEqual([['live', '10.0.0.1']]);
    expect(again.created).toEqual([]);
    expect((await dhcp.list()).map((p) => [p.address, p.binding.kind])).toEqual([['10.0.0.1', 'host']]);
  });

  it('places what fits when the source runs out (NETBOX_NO_ROOM), cancels the rest and logs why', async () => {
    const small = await ipam.addPrefix('10.1.0.0/30');
    const eng = new AllocationEngine({ store, sot: ipam, clock, placement: () => ({ source: { kind: 'prefix', id: small } }), policy: enginePolicy({ serviceLevel: 0.9 }) });
    const t = await eng.tick([entry('r1', 0.9, [3, 3], { horizonMs: 15 * MIN })]);
    expect(t.created.map((r) => [r.idempotencyKey, r.address])).toEqual([['r1@1000000/900000#0', '10.1.0.1'], ['r1@1000000/900000#1', '10.1.0.2']]);
    const byKey = (await store.reservations.list()).sort((a, b) => (a.idempotencyKey < b.idempotencyKey ? -1 : 1));
    expect(byKey.map((r) => [r.state, r.address])).toEqual([['live', '10.1.0.1'], ['live', '10.1.0.2'], ['released', null]]);
    expect((await store.events.list({ type: 'reservation.no_room' })).map((e) => [e.reservationId, e.payload])).toEqual([[byKey[2]!.id, { source: { kind: 'prefix', id: small } }]]);
  });
});

describe('engine policy', () => {
  it('sizes by the newsvendor level from the cost model when no level is fixed', () => {
    // Level = 60·1 min / (60·1 min + 1·7.5 min) = 0.889 → the 0.9 quantile; with c_delay 1, level 0.118 → the median.
    const e = entry('r', 0.8, [1, 3]);
    expect(targetCount(e, enginePolicy())).toBe(3);
    expect(targetCount(e, enginePolicy({ cost: { cWaste: 1, cDelay: 1, latencyMs: MIN } }))).toBe(1);
    expect(targetCount(e, enginePolicy({ threshold: 0.81 }))).toBe(0);
    expect(targetCount(entry('r', 0.8, [0, 0]), enginePolicy())).toBe(1);
  });
  it('jitters about the configured fraction of keys, within ±maxMs, the same way on every run', () => {
    const p = enginePolicy({ leadTimeMs: 2 * MIN, jitter: { fraction: 0.25, maxMs: MIN }, seed: 3 });
    const leads = Array.from({ length: 2000 }, (_, i) => leadFor(`k#${i}`, p));
    const jittered = leads.filter((l) => l.jittered);
    expect(jittered.length / leads.length).toBeCloseTo(0.25, 1);
    expect(jittered.every((l) => Math.abs(l.jitterMs) <= MIN && l.leadMs === 2 * MIN + l.jitterMs)).toBe(true);
    expect(leads.filter((l) => !l.jittered).every((l) => l.leadMs === 2 * MIN && l.jitterMs === 0)).toBe(true);
    expect(leadFor('k#7', p)).toEqual(leads[7]);
  });
});
