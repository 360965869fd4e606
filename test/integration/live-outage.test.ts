/**
 * Issue 6: NetBox stops while `ipshadow serve` runs against it and Kea 2.2. Allocation API hits keep being served from
 * the store; new reservations wait as intents and claim marks wait in the background queue; when NetBox returns,
 * everything drains, with no duplicate record and the claim visible in NetBox.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ShadowEntry } from '../../src/core/shadow';
import { openStore } from '../../src/store';
import { keaStatus, stack } from './helpers/kea';
import { netboxEnv, netboxHttp, prepareLiveNetbox, shadowRecordsOf, waitFor } from './helpers/netbox';
import { ensureRange, startLiveSidecar, type Sidecar } from './helpers/sidecar';

const VERSION = '2.2' as const;
const RESOURCE = 'group:tag:outage-web';
const TOKEN = 'live-outage-api-token-0123456789';

const entry = (count: number): ShadowEntry => ({
  resourceId: RESOURCE, asOfMs: Date.now(), horizonMs: 15 * 60_000, pAny: 0.95, quantiles: [{ p: 0.5, count }, { p: 0.9, count }],
  eta: null, resourceType: 'group', expectedBandwidthBps: null, model: 'outage-test', validUntilMs: Date.now() + 600_000,
});

describe(`NetBox outage under a running sidecar (Kea ${VERSION})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-outage-'));
  let sidecar: Sidecar;
  const states = async () => {
    const store = await openStore(`sqlite:${join(dir, 'store.db')}`);
    try {
      return await store.reservations.list({ resourceId: RESOURCE });
    } finally {
      await store.close();
    }
  };
  const records = () => shadowRecordsOf((id) => id === RESOURCE);

  beforeAll(async () => {
    await prepareLiveNetbox((id) => id === RESOURCE);
    const rangeId = await ensureRange(netboxHttp(), '10.64.8.230/10', '10.64.8.250/10', 'ipshadow outage-test shadow range (the Kea test stack\'s guarded pool)');
    await stack('kea.sh', ['--kea', VERSION, 'down']);
    const kea = await keaStatus(VERSION);
    const { url, token } = netboxEnv();
    sidecar = await startLiveSidecar({
      dir, netbox: { url, token, timeoutMs: 3000, retry: { max: 1, baseMs: 100, maxMs: 200 } }, apiToken: TOKEN, kea,
      engine: { tickSeconds: 0.5, reconcileSeconds: 5, ttlMinutes: 10, jitter: { fraction: 0 }, placements: [{ resource: RESOURCE, source: { kind: 'ip-range', id: rangeId }, binding: 'group' }] },
    });
    await stack('kea.sh', ['--kea', VERSION, 'up', '--groups', JSON.stringify([{ name: RESOURCE, 'mac-prefix': '0c:0e' }])]);
  });
  afterAll(async () => {
    await sidecar?.stop();
    await stack('netbox.sh', ['up'], 600000).catch(() => undefined);
    await stack('kea.sh', ['--kea', VERSION, 'down']).catch(() => undefined);
  });

  it('serves hits from the store, queues writes while NetBox is down, and drains them without duplicates', async () => {
    await sidecar.api.post('/v1/shadow/entries', { entries: [entry(2)] });
    await waitFor('2 live reservations', async () => ((await states()).filter((r) => r.state === 'live').length === 2 ? true : undefined));

    let claimedAddress = '';
    await stack('netbox.sh', ['down']);
    try {
      const hit = await sidecar.api.post('/v1/allocations', { resource: RESOURCE, key: 'outage-1' });
      expect([hit.status, hit.data.outcome]).toEqual([200, 'hit']);
      await sidecar.api.post('/v1/shadow/entries', { entries: [entry(4)] });
      // The engine records its intents, fails to write them, and keeps them for later.
      await waitFor('intents waiting for NetBox', async () => ((await states()).filter((r) => r.state === 'intent').length >= 1 ? true : undefined), 20000);
      const failed = await waitFor('a failed tick', async () => sidecar.events('engine.tick.failed')[0], 20000);
      expect(String(failed.error)).toContain('NetBox unreachable');
      expect((await states()).filter((r) => r.state === 'intent').length).toBeGreaterThanOrEqual(1);
      claimedAddress = hit.data.address as string;
    } finally {
      await stack('netbox.sh', ['up'], 600000);
    }

    const settled = await waitFor('writes drained into NetBox', async () => {
      const rs = await states();
      const held = rs.filter((r) => r.state === 'live' || r.state === 'claimed');
      const pending = rs.filter((r) => ['intent', 'netbox_written', 'kea_written'].includes(r.state));
      const recs = await records();
      const claimedRec = recs.find((x) => x.address.split('/')[0] === claimedAddress);
      return pending.length === 0 && held.filter((r) => r.state === 'live').length === 4 && recs.length === held.length && claimedRec?.state === 'claimed' && claimedRec.status === 'dhcp'
        ? { held, recs } : undefined;
    }, 90000);
    expect(new Set(settled.recs.map((x) => x.reservationId)).size).toBe(settled.recs.length);
    expect(new Set(settled.recs.map((x) => x.address)).size).toBe(settled.recs.length);
    expect(settled.recs.map((x) => x.reservationId).sort()).toEqual(settled.held.map((r) => r.id).sort());
    expect(sidecar.events('background.write.retry').length).toBeGreaterThan(0);
  });
});
