import { ManualClock, type ShadowRecord, type SourceOfTruth } from '../core/ports';
import type { ShadowEntry } from '../core/shadow';
import { EmbeddedIpam } from '../ipam';
import { openStore, type Store } from '../store';
import { AllocationEngine } from './engine';
import { MemoryDhcpServer } from './memory-dhcp';
import { enginePolicy } from './policy';

const T0 = 1_000_000;
const MIN = 60_000;
const entry = (resourceId: string, count: number): ShadowEntry => ({
  resourceId, asOfMs: T0, horizonMs: 15 * MIN, pAny: 0.9, quantiles: [{ p: 0.5, count }, { p: 0.9, count }],
  eta: null, resourceType: 'group', expectedBandwidthBps: null, model: 'test', validUntilMs: T0 + MIN,
});

/** The embedded IPAM plus records injected as if a crash had left them behind (NetBox has no unique reservation key). */
class LeakySot implements SourceOfTruth {
  extra: ShadowRecord[] = [];
  constructor(private readonly ipam: EmbeddedIpam) {}
  allocate: SourceOfTruth['allocate'] = (req) => this.ipam.allocate(req);
  setState: SourceOfTruth['setState'] = (ids, state, note, status) => this.ipam.setState(ids, state, note, status);
  release: SourceOfTruth['release'] = async (ids) => {
    this.extra = this.extra.filter((r) => !ids.includes(r.recordId));
    await this.ipam.release(ids);
  };
  listShadow: SourceOfTruth['listShadow'] = async () => [...(await this.ipam.listShadow()), ...this.extra];
}

describe('reconcile', () => {
  let store: Store;
  beforeEach(async () => void (store = await openStore('sqlite::memory:')));
  afterEach(() => store.close());

  it('removes orphans and duplicates, fixes a lagging claim, rolls back a deleted record and repairs Kea; a second run finds nothing', async () => {
    const clock = new ManualClock(T0);
    const ipam = new EmbeddedIpam(store.ipam, clock);
    const prefix = await ipam.addPrefix('10.0.0.0/24');
    const sot = new LeakySot(ipam);
    const dhcp = new MemoryDhcpServer();
    const engine = new AllocationEngine({
      store, sot, dhcp, clock,
      // 'other:*' resources belong to another ipshadow instance on the same NetBox and Kea.
      placement: (id) => (id.startsWith('other:') ? null : { source: { kind: 'prefix', id: prefix }, binding: () => (id === 'web' ? { kind: 'group', group: 'web' } : { kind: 'host', hwaddr: '0c:00:00:00:00:07', subnetId: 1 }) }),
      policy: enginePolicy({ threshold: 0.6, horizonMs: 15 * MIN, serviceLevel: 0.9, ttlMs: 10 * MIN, maxPerResource: 4, seed: 7 }),
    });
    // pxe sorts first and takes 10.0.0.1; web holds 10.0.0.2 and 10.0.0.3.
    await engine.tick([entry('web', 2), entry('pxe', 1)]);
    const claimed = await engine.claim({ resourceId: 'web', key: 'lease-1', address: '10.0.0.2' });
    expect(claimed?.state).toBe('claimed');
    const pxe = (await store.reservations.list({ resourceId: 'pxe' }))[0]!;

    // The damage a crash, an operator and a Kea restart can do.
    await ipam.allocate({ resourceId: 'ghost', source: { kind: 'prefix', id: prefix }, items: [{ reservationId: 'no-such-reservation', confidence: 1, expiresAt: T0, state: 'live' }] });
    const web2 = (await ipam.listShadow()).find((r) => r.address === '10.0.0.3')!;
    sot.extra.push({ ...web2, recordId: 9999, address: '10.0.0.200' });
    await ipam.setState([claimed!.netboxIpId!], 'live', 'claim lost in a crash', 'reserved');
    await ipam.release([pxe.netboxIpId!]);
    await ipam.allocate({ resourceId: 'other:db', source: { kind: 'prefix', id: prefix }, items: [{ reservationId: 'theirs', confidence: 1, expiresAt: T0, state: 'live' }] });
    await dhcp.setGroups({ 'other:db': ['10.0.0.77'] });
    await dhcp.publish([{ reservationId: 'stale', resourceId: 'pxe', address: '10.0.0.99', binding: { kind: 'host', hwaddr: '0c:00:00:00:00:99', subnetId: 1 } }]);

    const report = await engine.reconcile();
    // Withdrawn: the stale row, and the rolled-back pxe reservation's row (withdrawn with the stale ones, in one batch).
    expect(report).toEqual({ recovered: 0, orphans: 1, duplicates: 1, statesFixed: 1, rolledBack: 1, republished: 0, withdrawn: 2, groupsPushed: true });
    expect((await sot.listShadow()).map((r) => [r.address, r.state, r.status, r.resourceId])).toEqual([
      // other:db took 10.0.0.1 after the operator freed it; it is another instance's, so it stays.
      ['10.0.0.1', 'live', 'reserved', 'other:db'], ['10.0.0.2', 'claimed', 'dhcp', 'web'], ['10.0.0.3', 'live', 'reserved', 'web'],
    ]);
    expect((await dhcp.list()).map((p) => [p.binding.kind, p.address]).sort()).toEqual([['group', '10.0.0.2'], ['group', '10.0.0.3'], ['group', '10.0.0.77']]);
    expect((await store.reservations.get(pxe.id))?.state).toBe('released');
    expect((await store.events.list({ type: 'reservation.rolled_back' })).map((e) => e.reservationId)).toEqual([pxe.id]);

    expect(await engine.reconcile()).toEqual({ recovered: 0, orphans: 0, duplicates: 0, statesFixed: 0, rolledBack: 0, republished: 0, withdrawn: 0, groupsPushed: false });
  });

  it('leaves alone a reservation an on-demand allocation begins while reconcile reads, and fixes lagging records in one write', async () => {
    const clock = new ManualClock(T0);
    const ipam = new EmbeddedIpam(store.ipam, clock);
    const prefix = await ipam.addPrefix('10.0.0.0/24');
    const sot = new LeakySot(ipam);
    const dhcp = new MemoryDhcpServer();
    const deps = {
      store, sot, dhcp, clock,
      placement: () => ({ source: { kind: 'prefix' as const, id: prefix }, binding: () => ({ kind: 'group' as const, group: 'web' }) }),
      policy: enginePolicy({ threshold: 0.6, horizonMs: 15 * MIN, serviceLevel: 0.9, ttlMs: 10 * MIN, maxPerResource: 4, seed: 7 }),
    };
    const engine = new AllocationEngine(deps);
    await engine.tick([entry('web', 3)]);
    const records = await ipam.listShadow();
    await ipam.setState(records.map((r) => r.recordId), 'netbox_written', 'lagging');
    const writes: number[][] = [];
    const setState = sot.setState;
    sot.setState = async (ids, ...rest) => { writes.push([...ids]); return setState(ids, ...rest); };
    // The allocation API's on-demand path is not in the tick queue: it writes NetBox and Kea while reconcile reads.
    const listShadow = sot.listShadow;
    sot.listShadow = async () => {
      sot.listShadow = listShadow;
      await engine.onDemand({ resourceId: 'web', key: 'during-reconcile' });
      writes.length = 0;
      return listShadow();
    };

    const report = await engine.reconcile();
    expect(report).toEqual({ recovered: 0, orphans: 0, duplicates: 0, statesFixed: 3, rolledBack: 0, republished: 0, withdrawn: 0, groupsPushed: false });
    expect(writes).toEqual([records.map((r) => r.recordId)]);
    const onDemand = (await store.reservations.list({ states: ['claimed'] }))[0]!;
    expect((await sot.listShadow()).map((r) => [r.address, r.state])).toEqual([
      ['10.0.0.1', 'live'], ['10.0.0.2', 'live'], ['10.0.0.3', 'live'], [onDemand.address, 'claimed'],
    ]);
    expect((await dhcp.list()).map((p) => p.address).sort()).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', onDemand.address]);
  });
});
