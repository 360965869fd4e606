import type { KeaEvent } from '../adapters/kea';
import { silentLogger } from '../log/logger';
import { openStore, type Store } from '../store';
import { KeaClaims } from './kea-claims';

const event = (type: string, address: string, hwaddr = '0c:e5:00:00:00:01') => ({ type, address, hwaddr }) as unknown as KeaEvent;

describe('claims from Kea lease events', () => {
  let store: Store;
  let now = 1000;
  const claimed: Array<{ resourceId: string; key: string; address?: string | null }> = [];
  const warned: unknown[] = [];
  const make = () => new KeaClaims({
    store, clock: { now: () => now }, holdMs: 60_000,
    engine: { claim: async (a) => (claimed.push(a), { id: 'x' } as never) },
    log: { ...silentLogger(), warn: (ev: string, f?: Record<string, unknown>) => void warned.push([ev, f?.address]) },
  });
  async function reservation(key: string, address: string, state: 'kea_written' | 'live') {
    const { reservation: r } = await store.reservations.createIntent({ idempotencyKey: key, resourceId: 'group:tag:boot', confidence: 0.9, expiresAt: 1e12 }, now);
    await store.reservations.transition(r.id, 'netbox_written', { address, netboxIpId: 1 }, { now });
    await store.reservations.transition(r.id, 'kea_written', {}, { now });
    return state === 'live' ? store.reservations.transition(r.id, 'live', {}, { now }) : store.reservations.get(r.id).then((x) => x!);
  }

  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    claimed.length = 0;
    warned.length = 0;
  });
  afterEach(() => store.close());

  it('claims a live reservation once per address, and ignores addresses that are not shadow reservations', async () => {
    await reservation('a', '10.64.8.50', 'live');
    const c = make();
    await c.take([event('group_claim', '10.64.8.50'), event('lease4_committed', '10.64.8.50'), event('lease4_committed', '10.65.0.9'), event('lease4_release', '10.64.8.50')]);
    expect(claimed).toEqual([{ resourceId: 'group:tag:boot', key: 'kea:0c:e5:00:00:00:01:10.64.8.50', address: '10.64.8.50' }]);
    expect(c.waiting).toBe(0);
  });

  it('holds a claim on a reservation Kea serves before it is live, and makes it once the reservation goes live', async () => {
    const r = await reservation('b', '10.64.8.51', 'kea_written');
    const c = make();
    await c.take([event('group_claim', '10.64.8.51')]);
    expect([claimed.length, c.waiting]).toEqual([0, 1]);
    await store.reservations.transition(r.id, 'live', {}, { now });
    now += 500;
    await c.drain();
    expect([claimed.map((x) => x.address), c.waiting]).toEqual([['10.64.8.51'], 0]);
  });

  it('drops a held claim after holdMs, saying so', async () => {
    await reservation('c', '10.64.8.52', 'kea_written');
    const c = make();
    await c.take([event('group_claim', '10.64.8.52')]);
    now += 60_001;
    await c.drain();
    expect([claimed.length, c.waiting, warned]).toEqual([0, 0, [['engine.claim.kea.dropped', '10.64.8.52']]]);
  });
});
