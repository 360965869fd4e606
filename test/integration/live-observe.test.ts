/** Issue 6: `engine.observeOnly` predicts and logs what it would hold, and writes nothing to NetBox. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store';
import { netboxEnv, netboxHttp, shadowRecordsOf, waitFor } from './helpers/netbox';
import { ensureRange, startSidecar } from './helpers/sidecar';

const RESOURCE = 'group:tag:observe-web';
const TOKEN = 'live-observe-api-token-0123456789';

describe('observe-only mode on the real NetBox', () => {
  it('logs the target it would hold and writes no reservation anywhere', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipshadow-observe-'));
    const rangeId = await ensureRange(netboxHttp(), '10.64.8.251/10', '10.64.8.254/10', 'ipshadow observe-test shadow range');
    const { url, token } = netboxEnv();
    const config = {
      store: { url: `sqlite:${join(dir, 'store.db')}` }, netbox: { url, token }, api: { port: 0, token: TOKEN },
      forecast: { enabled: false }, collect: { enabled: false }, log: { level: 'info' },
      engine: { observeOnly: true, tickSeconds: 0.3, placements: [{ resource: RESOURCE, source: { kind: 'ip-range', id: rangeId }, binding: 'none' }] },
    };
    const s = await startSidecar(join(dir, 'ipshadow.yaml'), JSON.stringify(config), TOKEN);
    try {
      const now = Date.now();
      const entry = { resourceId: RESOURCE, asOfMs: now, horizonMs: 900_000, pAny: 0.9, quantiles: [{ p: 0.5, count: 3 }, { p: 0.9, count: 3 }], eta: null, resourceType: 'group', expectedBandwidthBps: null, model: 'observe', validUntilMs: now + 600_000 };
      expect((await s.api.post('/v1/shadow/entries', { entries: [entry] })).data).toEqual({ stored: 1 });
      const observed = await waitFor('an engine.observed line with the target', async () => s.events('engine.observed').find((l) => (l.targets as Record<string, number>)[RESOURCE] === 3), 15000);
      expect(observed.targets).toEqual({ [RESOURCE]: 3 });
      const refused = await s.api.post('/v1/allocations', { resource: RESOURCE, key: 'observe-1' });
      expect([refused.status, refused.data.error.message]).toEqual([503, 'engine.observeOnly is set: ipshadow writes nothing, so it allocates nothing']);
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      await s.stop();
    }
    const store = await openStore(`sqlite:${join(dir, 'store.db')}`);
    expect(await store.reservations.list()).toEqual([]);
    await store.close();
    expect(await shadowRecordsOf((id) => id === RESOURCE)).toEqual([]);
  });
});
