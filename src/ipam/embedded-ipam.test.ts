import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasCode } from '../core/errors';
import { ManualClock, type AllocateRequest, type ShadowMeta } from '../core/ports';
import { openStore, type Store } from '../store';
import { EmbeddedIpam } from './embedded-ipam';

const meta = (ids: string[]): ShadowMeta[] => ids.map((reservationId) => ({ reservationId, confidence: 0.9, expiresAt: 5000, state: 'netbox_written' }));
const addrs = (recs: Array<{ address: string }>) => recs.map((r) => r.address);

describe('embedded IPAM', () => {
  let store: Store;
  let ipam: EmbeddedIpam;
  let prefix: number;
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    ipam = new EmbeddedIpam(store.ipam, new ManualClock(1000));
    prefix = await ipam.addPrefix('10.0.0.0/24');
  });
  afterEach(() => store.close());
  const req = (ids: string[], extra: Partial<AllocateRequest> = {}): AllocateRequest => ({ resourceId: 'r1', source: { kind: 'prefix', id: prefix }, items: meta(ids), ...extra });

  it('allocates the lowest free addresses with status reserved and the metadata', async () => {
    expect(await ipam.allocate(req(['a', 'b']))).toEqual([
      { recordId: 1, address: '10.0.0.1', status: 'reserved', resourceId: 'r1', reservationId: 'a', state: 'netbox_written', confidence: 0.9, expiresAt: 5000 },
      { recordId: 2, address: '10.0.0.2', status: 'reserved', resourceId: 'r1', reservationId: 'b', state: 'netbox_written', confidence: 0.9, expiresAt: 5000 },
    ]);
  });

  it('is idempotent per reservation id, and a released address is handed out again', async () => {
    const [a] = await ipam.allocate(req(['a']));
    expect(addrs(await ipam.allocate(req(['a', 'b'])))).toEqual(['10.0.0.1', '10.0.0.2']);
    await ipam.release([a!.recordId]);
    expect(addrs(await ipam.allocate(req(['c'])))).toEqual(['10.0.0.1']);
    await ipam.setState([a!.recordId + 1], 'claimed', 'test', 'dhcp');
    expect((await ipam.listShadow()).map((r) => [r.address, r.reservationId, r.state, r.status])).toEqual([
      ['10.0.0.1', 'c', 'netbox_written', 'reserved'],
      ['10.0.0.2', 'b', 'claimed', 'dhcp'],
    ]);
  });

  it('shadow-range takes from the shadow range only; lowest-free on the prefix never does', async () => {
    const range = await ipam.addRange('10.0.0.200', '10.0.0.209', { shadow: true });
    await ipam.addRange('10.0.0.1', '10.0.0.9', { markPopulated: true });
    expect(addrs(await ipam.allocate(req(['a', 'b'], { selection: { policy: 'shadow-range' } })))).toEqual(['10.0.0.200', '10.0.0.201']);
    expect(addrs(await ipam.allocate(req(['c'])))).toEqual(['10.0.0.10']);
    expect(addrs(await ipam.allocate(req(['d'], { source: { kind: 'ip-range', id: range }, selection: { policy: 'shadow-range' } })))).toEqual(['10.0.0.202']);
  });

  it('per-tenant takes from the tenant\'s ranges; keep-contiguous extends the resource\'s block', async () => {
    await ipam.addRange('10.0.0.100', '10.0.0.109', { tenantId: 7 });
    expect(addrs(await ipam.allocate(req(['a'], { selection: { policy: 'per-tenant', tenantId: 7 } })))).toEqual(['10.0.0.100']);
    await ipam.allocate(req(['x'], { resourceId: 'other' }));
    await ipam.allocate(req(['y', 'z'], { resourceId: 'other' }));
    expect(addrs(await ipam.allocate(req(['b', 'c'], { resourceId: 'other', selection: { policy: 'keep-contiguous' } })))).toEqual(['10.0.0.4', '10.0.0.5']);
    const err = await ipam.allocate(req(['q'], { selection: { policy: 'per-tenant', tenantId: 8 } })).catch((e: unknown) => e);
    expect(hasCode(err, 'NETBOX_NO_ROOM')).toBe(true);
  });

  it('fails with NETBOX_NO_ROOM and allocates nothing when the source is too small', async () => {
    const small = await ipam.addPrefix('10.1.0.0/30');
    const err = await ipam.allocate(req(['a', 'b', 'c'], { source: { kind: 'prefix', id: small } })).catch((e: unknown) => e);
    expect(hasCode(err, 'NETBOX_NO_ROOM')).toBe(true);
    expect(await ipam.listShadow()).toEqual([]);
  });
});

describe('embedded IPAM under concurrency (SQLite file, two stores, two IPAM instances each)', () => {
  it('never hands out one address twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipshadow-ipam-'));
    const url = `sqlite:${join(dir, 'store.db')}`;
    const a = await openStore(url);
    const b = await openStore(url);
    try {
      const clock = new ManualClock(0);
      const ipams = [a, a, b, b].map((s) => new EmbeddedIpam(s.ipam, clock));
      const prefix = await ipams[0]!.addPrefix('10.0.0.0/24');
      const calls = Array.from({ length: 20 }, (_, i) => ipams[i % 4]!.allocate({
        resourceId: `r${i}`, source: { kind: 'prefix', id: prefix }, items: meta([`${i}a`, `${i}b`, `${i}c`]),
      }));
      const got = (await Promise.all(calls)).flat().map((r) => r.address);
      expect(new Set(got).size).toBe(60);
      expect((await ipams[3]!.listShadow()).map((r) => r.address)).toEqual(Array.from({ length: 60 }, (_, i) => `10.0.0.${i + 1}`));
    } finally {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
