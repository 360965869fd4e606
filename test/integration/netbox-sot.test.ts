/** NetBox as the engine's SourceOfTruth: allocate, record state, and release idempotently (a crash repeats releases). */
import { NetBoxSourceOfTruth } from '../../src/adapters/netbox';
import type { App } from '../../src/app';
import { netboxApp, netboxHttp, shadowRange } from './helpers/netbox';

describe('NetBoxSourceOfTruth on the real NetBox', () => {
  let app: App;
  let sot: NetBoxSourceOfTruth;
  beforeAll(async () => {
    app = await netboxApp('sqlite::memory:');
    await app.netbox.setup.run({ tag: 'ipshadow' });
    sot = new NetBoxSourceOfTruth(app.netbox.shadow);
    await sot.release((await sot.listShadow()).filter((r) => r.resourceId === 'sot-test').map((r) => r.recordId));
  });
  afterAll(() => app.close());

  it('allocates, marks a claim, and releases twice without error', async () => {
    const range = await shadowRange(netboxHttp());
    const expiresAt = Date.parse('2026-12-01T00:00:00Z');
    const items = ['sot-a', 'sot-b'].map((reservationId) => ({ reservationId, confidence: 0.9, expiresAt, state: 'netbox_written' as const }));
    const [a, b] = await sot.allocate({ resourceId: 'sot-test', source: { kind: 'ip-range', id: range.id }, items });
    expect([a!.status, a!.state, a!.reservationId, a!.expiresAt, a!.address.includes('/')]).toEqual(['reserved', 'netbox_written', 'sot-a', expiresAt, false]);
    await sot.setState([b!.recordId], 'claimed', 'claimed by test', 'dhcp');
    expect((await sot.listShadow()).filter((r) => r.resourceId === 'sot-test').map((r) => [r.reservationId, r.state, r.status]).sort())
      .toEqual([['sot-a', 'netbox_written', 'reserved'], ['sot-b', 'claimed', 'dhcp']]);
    await sot.release([a!.recordId]);
    // a is gone already: NetBox answers the bulk delete 400 "does not exist", and b must still go.
    await sot.release([a!.recordId, b!.recordId]);
    expect((await sot.listShadow()).filter((r) => r.resourceId === 'sot-test')).toEqual([]);
  });
});
