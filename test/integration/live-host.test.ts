/**
 * A known-MAC reservation end to end, everything real: `ipshadow serve` with no `kea.subnets` configured reads Kea's
 * subnets with config-get, reserves an address for a NetBox VM interface in an IP range outside every Kea pool, writes
 * the Kea hosts-database row for that interface's MAC, and a real udhcpc client with that MAC is served exactly that
 * address on its next DORA (Kea 2.2, events-only hook: no groups).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostsDbWriter } from '../../src/adapters/kea';
import type { ShadowEntry } from '../../src/core/shadow';
import { PG_ADMIN_URL } from './helpers/databases';
import { dora, keaStatus, stack } from './helpers/kea';
import { netboxEnv, netboxHttp, prepareLiveNetbox, shadowRecordsOf, waitFor } from './helpers/netbox';
import { runCli } from './helpers/cli';
import { ensureRange, liveConfig, startSidecar, type LiveStack, type Sidecar } from './helpers/sidecar';

const VERSION = '2.2' as const;
const HOSTS_DB = 'ipshadow_live_host_hosts';
const TOKEN = 'live-host-api-token-0123456789';
const MIN = 60_000;

describe(`known-MAC reservation through serve on real NetBox and Kea ${VERSION}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-live-host-'));
  const nb = netboxHttp();
  const hostsUrl = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${HOSTS_DB}`);
  let sidecar: Sidecar;
  let hosts: HostsDbWriter;
  let resourceId = '';
  let mac = '';

  beforeAll(async () => {
    // A seeded VM interface with a MAC (test/stack/netbox-seed.py gives every VM interface one).
    const page = await nb.request<{ results: { id: number; primary_mac_address: { mac_address: string } | null }[] }>('GET', '/api/virtualization/interfaces/', undefined, { limit: 50, ordering: '-id' });
    const iface = page.results.find((i) => i.primary_mac_address);
    if (!iface) throw new Error('the seeded NetBox has no VM interface with a MAC');
    resourceId = `vmif:${iface.id}`;
    mac = iface.primary_mac_address!.mac_address.toLowerCase();
    await prepareLiveNetbox((id) => id === resourceId);
    const rangeId = await ensureRange(nb, '10.64.9.10/10', '10.64.9.20/10', 'ipshadow host-binding test range (in Kea subnet 1, outside its pools)');
    await stack('kea.sh', ['--kea', VERSION, 'down']);
    await stack('kea-hosts-db.sh', ['--kea', VERSION, HOSTS_DB]);
    await stack('kea.sh', ['--kea', VERSION, 'up', '--hosts-db', HOSTS_DB, '--groups', '[]']);
    hosts = new HostsDbWriter(hostsUrl);
    const { url, token } = netboxEnv();
    const c: LiveStack = {
      dir, netbox: { url, token }, apiToken: TOKEN, kea: await keaStatus(VERSION),
      keaSettings: { subnets: [], hostsDatabase: hostsUrl },
      engine: { tickSeconds: 0.5, reconcileSeconds: 30, ttlMinutes: 10, jitter: { fraction: 0 }, placements: [{ resource: resourceId, source: { kind: 'ip-range', id: rangeId }, binding: 'host' }] },
    };
    // serve starts without a sync in tests: the interface and its MAC reach the store through `ipshadow sync`.
    const configPath = join(dir, 'ipshadow.yaml');
    writeFileSync(configPath, JSON.stringify(liveConfig(c), null, 2));
    expect((await runCli(['-c', configPath, 'sync'])).code).toBe(0);
    sidecar = await startSidecar(configPath, JSON.stringify(liveConfig(c), null, 2), TOKEN);
  });
  afterAll(async () => {
    await sidecar?.stop();
    await hosts?.close();
    await stack('kea.sh', ['--kea', VERSION, 'down']).catch(() => undefined);
    await stack('kea-hosts-db.sh', ['drop', HOSTS_DB]).catch(() => undefined);
  });

  it('learns the subnet from Kea, writes the host row for the MAC, and Kea serves that address', async () => {
    expect(sidecar.events('kea.subnets.learnt')[0]).toMatchObject({ fromKea: 1, configured: 0 });
    const entry: ShadowEntry = {
      resourceId, asOfMs: Date.now() - 1000, horizonMs: 15 * MIN, pAny: 0.9, quantiles: [{ p: 0.5, count: 1 }, { p: 0.9, count: 1 }],
      eta: null, resourceType: 'interface', expectedBandwidthBps: null, model: 'e2e', validUntilMs: Date.now() + 10 * MIN,
    };
    const resource = await sidecar.api.get(`/v1/resources/${encodeURIComponent(resourceId)}`);
    expect([resource.status, (resource.data as { mac: string | null }).mac?.toLowerCase()]).toEqual([200, mac]);
    const pushed = await sidecar.api.post('/v1/shadow/entries', { entries: [entry] });
    expect([pushed.status, pushed.data]).toEqual([200, { stored: 1 }]);
    const record = await waitFor('a live NetBox record for the interface', async () => (await shadowRecordsOf((id) => id === resourceId)).find((r) => r.state === 'live'), 30000);
    const address = record.address.split('/')[0]!;
    expect(address).toMatch(/^10\.64\.9\.(1\d|20)$/);
    // Subnet 1 came from Kea's config-get: the sidecar's config names none.
    expect(await hosts.list()).toEqual([expect.objectContaining({ hwaddr: mac, address, subnetId: 1 })]);
    expect(await dora(VERSION, mac)).toEqual({ offered: address, leased: address });
  });
});
