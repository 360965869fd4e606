/** (e) 100 shadow reservations through available-ips, then removed, leave NetBox as it was. */
import type { App } from '../../src/app';
import type { ShadowRecord } from '../../src/adapters/netbox';
import { cidrContains, parseIp } from '../../src/core/ip';
import { tempSqlite } from './helpers/databases';
import { netboxApp, netboxHttp, shadowRange } from './helpers/netbox';

type IpSnapshot = Array<{ id: number; address: string; status: string }>;

async function ipSnapshot(): Promise<IpSnapshot> {
  const ips = await netboxHttp().all<{ id: number; address: string; status: { value: string } }>('/api/ipam/ip-addresses/');
  return ips.map((ip) => ({ id: ip.id, address: ip.address, status: ip.status.value }));
}

describe('shadow reservations in the real NetBox', () => {
  let app: App;
  let range: Awaited<ReturnType<typeof shadowRange>>;
  let before: IpSnapshot;
  let journalBefore: number;
  let written: ShadowRecord[] = [];

  beforeAll(async () => {
    app = await netboxApp(tempSqlite().url);
    await app.netbox.setup.run({ tag: 'ipshadow' });
    range = await shadowRange(netboxHttp());
    await app.netbox.shadow.remove((await app.netbox.shadow.list()).map((r) => r.ipId));
    before = await ipSnapshot();
    journalBefore = (await netboxHttp().get<{ count: number }>('/api/extras/journal-entries/', { limit: 1 })).count;
  });
  afterAll(async () => {
    await app.netbox.shadow.remove(written.map((r) => r.ipId));
    await app.close();
  });

  it('writes 100 reserved, tagged records with custom fields on distinct addresses inside the range', async () => {
    const expiresAt = Date.parse('2026-12-01T00:00:00Z');
    const specs = Array.from({ length: 100 }, (_, i) => ({ reservationId: `res-${i}`, resourceId: `group:tag:web`, confidence: 0.8 + i / 1000, expiresAt }));
    written = await app.netbox.shadow.reserve({ kind: 'ip-range', id: range.id }, specs);
    expect(written).toHaveLength(100);
    expect(new Set(written.map((r) => r.address)).size).toBe(100);
    const start = parseIp(range.start_address)!.value;
    const end = parseIp(range.end_address)!.value;
    for (const r of written) {
      const v = parseIp(r.address)!.value;
      expect(v >= start && v <= end).toBe(true);
    }
    const listed = (await app.netbox.shadow.list()).sort((a, b) => a.ipId - b.ipId);
    expect(listed.map((r) => r.ipId)).toEqual(written.map((r) => r.ipId).sort((a, b) => a - b));
    const first = listed.find((r) => r.reservationId === 'res-7')!;
    expect(first).toMatchObject({ status: 'reserved', resourceId: 'group:tag:web', state: 'netbox_written', confidence: 0.807 });
    expect(Date.parse(first.expiresAt!)).toBe(expiresAt);
    expect(cidrContains({ ...parseIp(range.start_address)!, length: Number(range.start_address.split('/')[1]) }, parseIp(first.address)!)).toBe(true);
  });

  it('journals every write and state change', async () => {
    const ids = written.slice(0, 10).map((r) => r.ipId);
    await app.netbox.shadow.setState(ids, 'live', 'served by Kea', 'reserved');
    const entries = await netboxHttp().all<{ id: number; assigned_object_id: number; comments: string }>('/api/extras/journal-entries/', { assigned_object_type: 'ipam.ipaddress', assigned_object_id: ids[0] });
    expect(entries.map((e) => e.comments.split(':')[1]?.trim().split(' ')[0])).toEqual(['reserved', 'live']);
    const listed = await app.netbox.shadow.list();
    expect(listed.filter((r) => r.state === 'live').map((r) => r.ipId).sort()).toEqual([...ids].sort());
    // A claim changes the status and the state in one lean write (NetBox echoes only the written fields).
    const claimed = ids.slice(0, 2).sort((a, b) => a - b);
    await app.netbox.shadow.setState(claimed, 'claimed', 'claimed by test', 'dhcp');
    const after = (await app.netbox.shadow.list()).filter((r) => r.state === 'claimed').sort((a, b) => a.ipId - b.ipId);
    expect(after.map((r) => [r.ipId, r.status])).toEqual(claimed.map((id) => [id, 'dhcp']));
    const journal = await netboxHttp().all<{ id: number; comments: string }>('/api/extras/journal-entries/', { assigned_object_type: 'ipam.ipaddress', assigned_object_id: claimed[0] });
    expect(journal.map((e) => e.comments)).toContain('ipshadow: claimed: claimed by test');
  });

  it('allocates from a prefix as well, and reports a full source as NETBOX_NO_ROOM', async () => {
    const http = netboxHttp();
    const cidr = '192.0.2.64/30';
    for (const p of await http.all<{ id: number }>('/api/ipam/prefixes/', { prefix: cidr })) await http.request('DELETE', `/api/ipam/prefixes/${p.id}/`);
    const prefix = await http.request<{ id: number }>('POST', '/api/ipam/prefixes/', { prefix: cidr, status: 'active', description: 'ipshadow test' });
    try {
      const spec = (i: number) => ({ reservationId: `p-${i}`, resourceId: 'vmif:1', confidence: 0.5, expiresAt: Date.now() + 60000 });
      const got = await app.netbox.shadow.reserve({ kind: 'prefix', id: prefix.id }, [spec(0), spec(1)]);
      written.push(...got);
      // A /30 holds two usable addresses, so a third allocation must fail cleanly.
      expect(got.map((r) => r.address.split('/')[0]).sort()).toEqual([1, 2].map((n) => cidr.replace(/\.(\d+)\/30$/, (_, b: string) => `.${Number(b) + n}`)));
      await expect(app.netbox.shadow.reserve({ kind: 'prefix', id: prefix.id }, [spec(2)])).rejects.toMatchObject({ code: 'NETBOX_NO_ROOM' });
    } finally {
      await app.netbox.shadow.remove(written.filter((r) => r.reservationId?.startsWith('p-')).map((r) => r.ipId));
      written = written.filter((r) => !r.reservationId?.startsWith('p-'));
      await http.request('DELETE', `/api/ipam/prefixes/${prefix.id}/`);
    }
  });

  it('removes them all, leaving IP addresses and journal entries exactly as before', async () => {
    await app.netbox.shadow.remove(written.map((r) => r.ipId));
    written = [];
    expect(await ipSnapshot()).toEqual(before);
    expect((await netboxHttp().get<{ count: number }>('/api/extras/journal-entries/', { limit: 1 })).count).toBe(journalBefore);
    expect(await app.netbox.shadow.list()).toEqual([]);
  });
});
