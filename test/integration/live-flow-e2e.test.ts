/**
 * Issue 6 end to end, driven by traffic, everything real: NetBox 4.7 holds a VM tagged `e2e-boot` whose
 * provisioning interface has 10.64.200.5; `ipshadow sync` mirrors it and `ipshadow lead-train` fits the group's
 * lead-signal model on the simulator's boot storms; `ipshadow serve` collects flows, scores the group every second
 * and runs the engine against NetBox and kea-dhcp4 with the hook. softflowd exports a capture of the device's
 * network boot (DHCP, TFTP, DNS, HTTP to the provisioning host). The group's shadow address then appears in NetBox
 * and in Kea before its client asks, the client (a real udhcpc of the group) gets exactly that address, and NetBox
 * shows the claim. Before the boot traffic the same model says the group is quiet and nothing is reserved.
 */
import { createSocket } from 'node:dgram';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HookCommands, unixControl } from '../../src/adapters/kea';
import type { NetBoxHttp, ShadowRecord } from '../../src/adapters/netbox';
import type { ShadowEntry } from '../../src/core/shadow';
import { openStore } from '../../src/store';
import { bootPackets, writePcap, type CapturePacket } from '../fixtures/flows/boot-capture';
import { runTool } from '../fixtures/flows/tools';
import { runCli } from './helpers/cli';
import { dora, keaStatus, stack, KEA_VERSIONS, type KeaStack } from './helpers/kea';
import { netboxEnv, netboxHttp, prepareLiveNetbox, shadowRecordsOf, waitFor } from './helpers/netbox';
import { ensureRange, liveConfig, startSidecar, type LiveStack, type Sidecar } from './helpers/sidecar';

const GROUP = 'group:tag:e2e-boot';
const DEVICE = '10.64.200.5';
const SERVER = '10.64.200.1';
const TOKEN = 'live-flow-e2e-token-0123456789';
const HORIZON_MIN = 5;
/** Reserve at P(any) 0.3: on a boot network a client left waiting costs far more than an idle address. */
const THRESHOLD = 0.3;

/** A UDP port nobody listens on right now. */
async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Finds a NetBox object by a client-side check, or creates it. */
async function ensure<T extends { id: number }>(nb: NetBoxHttp, path: string, filter: Record<string, string | number>, match: (o: T) => boolean, body: unknown): Promise<T> {
  const found = (await nb.all<T>(path, filter)).find(match);
  return found ?? nb.request<T>('POST', path, body);
}

/** The booting device in NetBox: a VM tagged e2e-boot with a provisioning interface, its MAC and its address. */
async function seedDevice(nb: NetBoxHttp): Promise<void> {
  await ensure<{ id: number; slug: string }>(nb, '/api/extras/tags/', { slug: 'e2e-boot' }, (t) => t.slug === 'e2e-boot', { name: 'e2e-boot', slug: 'e2e-boot' });
  const [cluster] = await nb.all<{ id: number }>('/api/virtualization/clusters/');
  if (!cluster) throw new Error('no cluster in NetBox (run test/stack/netbox.sh seed)');
  const vm = await ensure<{ id: number; name: string }>(nb, '/api/virtualization/virtual-machines/', { name: 'e2e-boot-1' }, (v) => v.name === 'e2e-boot-1',
    { name: 'e2e-boot-1', cluster: cluster.id, status: 'active', tags: [{ slug: 'e2e-boot' }] });
  const iface = await ensure<{ id: number; name: string }>(nb, '/api/virtualization/interfaces/', { virtual_machine_id: vm.id }, (i) => i.name === 'prov0', { virtual_machine: vm.id, name: 'prov0' });
  const assigned = { assigned_object_type: 'virtualization.vminterface', assigned_object_id: iface.id };
  await ensure<{ id: number; mac_address: string }>(nb, '/api/dcim/mac-addresses/', { mac_address: '0C:E5:00:00:00:05' }, (m) => m.mac_address.toUpperCase() === '0C:E5:00:00:00:05', { mac_address: '0C:E5:00:00:00:05', ...assigned });
  const ip = (await nb.all<{ id: number; address: string; assigned_object_id: number | null }>('/api/ipam/ip-addresses/', { address: DEVICE })).find((x) => x.address.startsWith(`${DEVICE}/`));
  if (!ip) await nb.request('POST', '/api/ipam/ip-addresses/', { address: `${DEVICE}/24`, status: 'active', ...assigned });
  else if (ip.assigned_object_id !== iface.id) await nb.request('PATCH', `/api/ipam/ip-addresses/${ip.id}/`, { status: 'active', ...assigned });
}

describe.each(KEA_VERSIONS)('traffic-driven live loop on real NetBox and Kea %s', (version) => {
  const dir = mkdtempSync(join(tmpdir(), `ipshadow-flow-${version}-`));
  const nb = netboxHttp();
  let kea: KeaStack;
  let sidecar: Sidecar;
  let port: number;
  const mine = (): Promise<ShadowRecord[]> => shadowRecordsOf((id) => id === GROUP);
  const hookGroups = async () => new HookCommands(unixControl(kea.controlSocket)).groups();
  const entry = async (): Promise<ShadowEntry | undefined> => {
    const r = await sidecar.api.get(`/v1/shadow/${encodeURIComponent(GROUP)}`);
    return r.status === 200 ? (r.data as ShadowEntry[]).find((e) => e.horizonMs === HORIZON_MIN * 60_000) : undefined;
  };

  /** Exports packets through softflowd (NetFlow v9, the capture's own times) to the collector; returns records sent. */
  const exportCapture = async (packets: CapturePacket[]): Promise<number> => {
    const capture = join(dir, 'boot.pcap');
    writePcap(capture, packets);
    const r = await runTool('softflowd', ['-r', capture, '-a', '-n', `127.0.0.1:${port}`, '-v', '9', '-d', '-c', 'none', '-p', join(dir, 'softflowd.pid')], 20000);
    if (r.code !== 0) throw new Error(`softflowd: ${r.code} ${r.out}`);
    return Number(/Flows exported: \d+ \((\d+) records\)/.exec(r.out)?.[1]);
  };
  /** The group's DHCP, TFTP, DNS and provisioning packets over the last 10 minutes, read from the store. */
  const leadPackets = async (): Promise<number[]> => {
    const store = await openStore(`sqlite:${join(dir, 'store.db')}`);
    try {
      const buckets = await store.telemetry.telemetry(GROUP, Date.now() - 10 * 60_000, Date.now() + 60_000);
      return (['dhcpPackets', 'tftpPackets', 'dnsPackets', 'provPackets'] as const).map((f) => buckets.reduce((s, b) => s + b[f], 0));
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    await prepareLiveNetbox((id) => id === GROUP);
    await seedDevice(nb);
    const rangeId = await ensureRange(nb, '10.64.8.50/10', '10.64.8.59/10', 'ipshadow flow e2e shadow range (the Kea test stack\'s guarded pool)');
    await stack('kea.sh', ['--kea', version, 'down']);
    kea = await keaStatus(version);
    port = await freeUdpPort();
    const { url, token } = netboxEnv();
    const c: LiveStack = {
      dir, netbox: { url, token }, apiToken: TOKEN, kea,
      engine: { tickSeconds: 0.5, reconcileSeconds: 30, horizonMinutes: HORIZON_MIN, threshold: THRESHOLD, ttlMinutes: 10, jitter: { fraction: 0 }, placements: [{ resource: GROUP, source: { kind: 'ip-range', id: rangeId }, binding: 'group' }] },
      forecast: { enabled: true, intervalSeconds: 3600, lead: { intervalSeconds: 1 } },
      // Boot traffic reaches the collector minutes after it happened (the capture is exported at its end).
      collect: { listeners: [{ name: 'netflow', host: '127.0.0.1', port, protocols: ['netflow_v9', 'ipfix'] }], aggregation: { flushIntervalSec: 1, latenessSec: 600 }, provisioning: { hosts: [`${SERVER}/32`] } },
    };
    const configPath = join(dir, 'ipshadow.yaml');
    writeFileSync(configPath, JSON.stringify(liveConfig(c), null, 2));
    const sync = await runCli(['-c', configPath, 'sync']);
    expect(sync.code).toBe(0);
    const trained = await runCli(['-c', configPath, 'lead-train', '--sim', 'boot-storms', '--days', '7', '--from', 'rack-pxe', '--as', GROUP]);
    expect([trained.code, trained.stdout]).toEqual([0, expect.stringContaining(`${GROUP}: stored, fitted on rack-pxe`)]);
    sidecar = await startSidecar(configPath, JSON.stringify(liveConfig(c), null, 2), TOKEN);
    await stack('kea.sh', ['--kea', version, 'up', '--groups', JSON.stringify([{ name: GROUP, 'mac-prefix': '0c:e5' }])]);
  });
  afterAll(async () => {
    await sidecar?.stop();
    // The sidecar's own log, for a failure's post-mortem.
    if (sidecar) writeFileSync(join(dir, 'serve.log'), sidecar.log());
    await stack('kea.sh', ['--kea', version, 'down']).catch(() => undefined);
  });

  it('reserves nothing while the group is quiet', async () => {
    const quiet = await waitFor('a lead-signal entry for the group', entry);
    expect(quiet).toMatchObject({ resourceId: GROUP, model: 'lead-signal', resourceType: 'group' });
    expect(quiet.pAny).toBeLessThan(THRESHOLD);
    expect(await mine()).toEqual([]);
    expect((await hookGroups())[GROUP]?.addresses ?? []).toEqual([]);
  });

  it('turns a device\'s boot traffic into a shadow address in NetBox and Kea before its client comes, and serves exactly that', async () => {
    // The boot began 75 s ago: its DHCP and TFTP are done, and softflowd exports them with the capture's own times.
    const boot = bootPackets(DEVICE, SERVER, Date.now() - 75_000);
    const early = boot.filter((p) => p.tMs < boot[0]!.tMs + 60_000);
    expect(await exportCapture(early)).toBe(4);

    const booting = await waitFor('the lead model to see the boot', async () => {
      const e = await entry();
      return e && e.pAny > THRESHOLD ? e : undefined;
    });
    expect(booting).toMatchObject({ model: 'lead-signal', horizonMs: HORIZON_MIN * 60_000 });
    // NetBox is shared with other suites and may be slow: a reservation takes several writes.
    const records = await waitFor('live NetBox records for the group', async () => {
      const rs = (await mine()).filter((r) => r.state === 'live');
      return rs.length > 0 ? rs : undefined;
    }, 60000);
    const addresses = records.map((r) => r.address.split('/')[0]!).sort();
    for (const r of records) expect(r).toMatchObject({ status: 'reserved', resourceId: GROUP, state: 'live' });
    for (const a of addresses) expect(a).toMatch(/^10\.64\.8\.5\d$/);
    await waitFor('the addresses in the hook group list', async () => {
      const listed = (await hookGroups())[GROUP]?.addresses ?? [];
      return addresses.every((a) => listed.includes(a)) ? true : undefined;
    }, 10000).catch(async (err: Error) => {
      throw new Error(`${err.message}: NetBox ${addresses.join(',')}, hook ${JSON.stringify(await hookGroups())}, sidecar ${sidecar.log().split('\n').filter((l) => /kea|engine/.test(l)).slice(-15).join('\n')}`);
    });
    expect((await hookGroups())[GROUP]!.claims).toEqual([]);

    // The rest of the boot (DNS, then HTTP to the provisioning host), faster than planned: it ends now.
    const late = boot.slice(early.length), shift = Date.now() - late[late.length - 1]!.tMs;
    expect(await exportCapture(late.map((p) => ({ ...p, tMs: p.tMs + shift })))).toBe(8);
    const lease = await dora(version, '0c:e5:00:00:00:01', '--hostname', 'e2e-boot-1');
    expect(lease.offered).toBe(lease.leased);
    expect(addresses).toContain(lease.leased);
    const record = records.find((r) => r.address.split('/')[0] === lease.leased)!;
    const claimed = await waitFor('NetBox showing the claim', async () => {
      const r = (await mine()).find((x) => x.ipId === record.ipId);
      return r?.state === 'claimed' && r.status === 'dhcp' ? r : undefined;
    });
    expect(claimed.address.split('/')[0]).toBe(lease.leased);
    const packets = await waitFor('every lead packet in the group\'s buckets', async () => {
      const p = await leadPackets();
      return p[3] === 300 ? p : undefined;
    });
    expect(packets).toEqual([4, 2001, 6, 300]);

    // Every stage counted on /metrics. The Kea claim is counted once the engine's whole claim returns, which ends with
    // a NetBox journal entry written after the record shows the claim: wait for it.
    let metrics = '';
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
    await waitFor('the Kea claim counted on /metrics', async () => {
      metrics = String((await sidecar.api.get('/metrics')).data);
      return value('ipshadow_kea_claims_total') >= 1 ? true : undefined;
    }, 15000).catch(() => undefined);
    expect(value('ipshadow_forecast_cycles_total{cycle="lead",result="ok"}')).toBeGreaterThanOrEqual(1);
    expect(value('ipshadow_engine_reservations_total{change="created"}')).toBeGreaterThanOrEqual(1);
    expect(value('ipshadow_engine_ticks_total{result="ok"}')).toBeGreaterThanOrEqual(1);
    expect(value('ipshadow_reconcile_runs_total{result="ok"}')).toBeGreaterThanOrEqual(1);
    expect(value('ipshadow_kea_claims_total')).toBeGreaterThanOrEqual(1);
  });
});
