/**
 * Issue 6 end to end, everything real: `ipshadow serve` (a child process) with the NetBox 4.7 stack and kea-dhcp4 with
 * the ipshadow hook. A pushed shadow entry becomes a reserved NetBox record and a Kea group address before the client
 * arrives; a real udhcpc client of that group gets exactly that address and NetBox shows it claimed; a reservation
 * nobody claims expires and leaves both.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HookCommands, unixControl } from '../../src/adapters/kea';
import type { ShadowRecord } from '../../src/adapters/netbox';
import type { ShadowEntry } from '../../src/core/shadow';
import { openStore } from '../../src/store';
import { dora, keaStatus, stack, type KeaStack } from './helpers/kea';
import { netboxEnv, netboxHttp, prepareLiveNetbox, shadowRecordsOf, waitFor } from './helpers/netbox';
import { ensureRange, startLiveSidecar, type Sidecar } from './helpers/sidecar';

const VERSION = '2.2' as const;
const GROUP = 'group:tag:e2e-web';
const IDLE = 'group:tag:e2e-idle';
const TOKEN = 'live-e2e-api-token-0123456789';
const MIN = 60_000;

const entry = (resourceId: string, validForMs: number): ShadowEntry => ({
  resourceId, asOfMs: Date.now() - 1000, horizonMs: 15 * MIN, pAny: 0.9, quantiles: [{ p: 0.5, count: 1 }, { p: 0.9, count: 1 }],
  eta: null, resourceType: 'group', expectedBandwidthBps: null, model: 'e2e', validUntilMs: Date.now() + validForMs,
});

describe(`live loop on real NetBox and Kea ${VERSION}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-live-'));
  const nb = netboxHttp();
  let kea: KeaStack;
  let sidecar: Sidecar;
  let rangeId: number;
  let idleAddress = '';
  const mine = (resourceId: string): Promise<ShadowRecord[]> => shadowRecordsOf((id) => id === resourceId);
  const hookGroups = async () => new HookCommands(unixControl(kea.controlSocket)).groups();

  beforeAll(async () => {
    // Leftovers of an interrupted run: only records of this test's resources.
    await prepareLiveNetbox((id) => id.startsWith('group:tag:e2e-'));
    rangeId = await ensureRange(nb, '10.64.8.10/10', '10.64.8.40/10', 'ipshadow e2e shadow range (the Kea test stack\'s guarded pool)');
    await stack('kea.sh', ['--kea', VERSION, 'down']);
    kea = await keaStatus(VERSION);
    const { url, token } = netboxEnv();
    sidecar = await startLiveSidecar({
      dir, netbox: { url, token }, apiToken: TOKEN, kea,
      engine: { tickSeconds: 0.5, reconcileSeconds: 5, ttlMinutes: 0.5, jitter: { fraction: 0 }, placements: [{ resource: 'group:tag:e2e-*', source: { kind: 'ip-range', id: rangeId }, binding: 'group' }] },
    });
    await stack('kea.sh', ['--kea', VERSION, 'up', '--groups', JSON.stringify([{ name: GROUP, 'mac-prefix': '0c:e2' }, { name: IDLE, 'mac-prefix': '0c:e3' }])]);
  });
  afterAll(async () => {
    await sidecar?.stop();
    await stack('kea.sh', ['--kea', VERSION, 'down']).catch(() => undefined);
  });

  it('reserves in NetBox and Kea before the client comes, serves exactly that address, and NetBox shows the claim', async () => {
    const pushed = await sidecar.api.post('/v1/shadow/entries', { entries: [entry(GROUP, 10 * MIN), entry(IDLE, 8000)] });
    expect([pushed.status, pushed.data]).toEqual([200, { stored: 2 }]);

    const [record] = await waitFor('a live NetBox record for the group', async () => {
      const rs = await mine(GROUP);
      return rs.length === 1 && rs[0]!.state === 'live' ? rs : undefined;
    });
    const address = record!.address.split('/')[0]!;
    expect(record).toMatchObject({ status: 'reserved', resourceId: GROUP, state: 'live' });
    expect(address).toMatch(/^10\.64\.8\.(1\d|2\d|3\d|40)$/);
    // Kea holds it too, before any client of the group has asked.
    await waitFor('the address in the hook group list', async () => ((await hookGroups())[GROUP]?.addresses.includes(address) ? true : undefined), 10000);
    expect((await hookGroups())[GROUP]!.claims).toEqual([]);
    idleAddress = await waitFor('the idle group\'s address in NetBox and Kea', async () => {
      const a = (await mine(IDLE))[0]?.address.split('/')[0];
      return a && (await hookGroups())[IDLE]?.addresses.includes(a) ? a : undefined;
    }, 10000);
    expect(idleAddress).not.toBe(address);

    const lease = await dora(VERSION, '0c:e2:00:00:00:01', '--hostname', 'e2e-web-1');
    expect(lease).toEqual({ offered: address, leased: address });

    const claimed = await waitFor('NetBox showing the claim', async () => {
      const r = (await mine(GROUP)).find((x) => x.ipId === record!.ipId);
      return r?.state === 'claimed' && r.status === 'dhcp' ? r : undefined;
    });
    expect(claimed.address.split('/')[0]).toBe(address);
    const journal = await nb.all<{ id: number; comments: string }>('/api/extras/journal-entries/', { assigned_object_type: 'ipam.ipaddress', assigned_object_id: record!.ipId });
    expect(journal.map((j) => /^ipshadow: (\w+)/.exec(j.comments)?.[1])).toEqual(['reserved', 'live', 'claimed']);
    const store = await openStore(`sqlite:${join(dir, 'store.db')}`);
    try {
      const rs = await store.reservations.list({ resourceId: GROUP });
      const claimedRs = rs.filter((r) => r.state === 'claimed');
      expect(claimedRs.map((r) => r.address)).toEqual([address]);
      // The entry still asks for one address, so the engine has already made the next one, elsewhere in the range.
      expect(rs.filter((r) => r.state !== 'claimed').every((r) => r.address !== address)).toBe(true);
      const types = (await store.events.list({ reservationId: claimedRs[0]!.id })).map((e) => e.type);
      expect(types).toEqual(['reservation.intent', 'reservation.netbox_written', 'reservation.kea_written', 'reservation.live', 'reservation.claimed', 'allocation.hit']);
    } finally {
      await store.close();
    }
  });

  it('expires a reservation nobody claims: it leaves NetBox and the Kea group list', async () => {
    // The idle entry lapsed 8 s after the push and its reservation's TTL is 30 s.
    const gone = await waitFor('the idle reservation to expire from NetBox and Kea', async () => {
      const inNetbox = (await mine(IDLE)).length;
      const inKea = (await hookGroups())[IDLE]?.addresses.length ?? 0;
      return inNetbox === 0 && inKea === 0 ? true : undefined;
    }, 90000);
    expect(gone).toBe(true);
    // The tick logs its summary after its NetBox and Kea removals have returned, so the line may come a moment later.
    const expired = await waitFor('the tick that expired it in the log', async () => {
      const ticks = sidecar.events('engine.tick').filter((l) => Number(l.expired) > 0);
      return ticks.length > 0 ? ticks : undefined;
    }, 15000).catch(() => []);
    expect(expired.length).toBeGreaterThan(0);
    expect((await mine(IDLE)).map((r) => r.address)).toEqual([]);
    expect((await hookGroups())[IDLE]?.addresses ?? []).not.toContain(idleAddress);
    const store = await openStore(`sqlite:${join(dir, 'store.db')}`);
    try {
      expect((await store.reservations.list({ resourceId: IDLE })).map((r) => r.state)).toEqual(['released']);
      expect((await store.events.list({ resourceId: IDLE, type: 'reservation.expired' })).length).toBe(1);
    } finally {
      await store.close();
    }
  });
});
