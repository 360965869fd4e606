/** (c) Create, update and delete of an IP reach the sidecar through NetBox's real webhook; (d) bad signatures get 401. */
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import type { App } from '../../src/app';
import { buildServer } from '../../src/api/server';
import { signBody } from '../../src/adapters/netbox';
import { tempSqlite } from './helpers/databases';
import { deleteIps, netboxApp, netboxHttp, waitFor } from './helpers/netbox';

const SECRET = 'webhook-integration-secret-0123456789';
const NAME = 'ipshadow-webhook-test';

async function badSignatureCount(app: App): Promise<number> {
  const text = await app.metrics.registry.getSingleMetricAsString('ipshadow_webhooks_total');
  return Number(/result="bad_signature"\} (\d+)/.exec(text)?.[1] ?? 0);
}

describe('NetBox webhooks through the real rqworker', () => {
  let app: App;
  let server: FastifyInstance;
  let baseUrl: string;
  let webhookId: number;
  const http = netboxHttp();
  const address = '198.51.100.20/32';

  beforeAll(async () => {
    app = await netboxApp(tempSqlite().url, { webhook: { name: NAME, secret: SECRET } });
    server = await buildServer(app);
    await server.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    const actions = await app.netbox.setup.run({ tag: 'ipshadow', webhook: { name: NAME, payloadUrl: `${baseUrl}/webhooks/netbox`, secret: SECRET } });
    webhookId = actions.find((a) => a.object === 'webhooks')!.id;
    await app.netbox.sync.run();
    await deleteIps(http, { parent: '198.51.100.0/24' }, (ip) => ip.address.startsWith('198.51.100.'));
  });
  afterAll(async () => {
    const rules = await http.get<{ results: Array<{ id: number }> }>('/api/extras/event-rules/', { name: `${NAME}-mirror` });
    for (const r of rules.results) await http.request('DELETE', `/api/extras/event-rules/${r.id}/`);
    await http.request('DELETE', `/api/extras/webhooks/${webhookId}/`);
    await server.close();
    await app.close();
  });

  it('(c) mirrors an IP created, updated and deleted in NetBox', async () => {
    const created = await http.request<{ id: number }>('POST', '/api/ipam/ip-addresses/', { address, description: 'webhook test', status: 'active' });
    const row = await waitFor('created IP in the mirror', async () => app.store.mirror.get('nb_ip_addresses', created.id));
    expect(row).toMatchObject({ address, description: 'webhook test', status: 'active' });

    await http.request('PATCH', `/api/ipam/ip-addresses/${created.id}/`, { description: 'webhook test, updated', status: 'deprecated' });
    const updated = await waitFor('updated IP in the mirror', async () => {
      const r = await app.store.mirror.get('nb_ip_addresses', created.id);
      return r?.status === 'deprecated' ? r : undefined;
    });
    expect(updated.description).toBe('webhook test, updated');

    await http.request('DELETE', `/api/ipam/ip-addresses/${created.id}/`);
    await waitFor('deleted IP gone from the mirror', async () => ((await app.store.mirror.get('nb_ip_addresses', created.id)) ? undefined : true));
    const events = await app.store.events.list({});
    expect(events.filter((e) => e.payload.id === created.id).map((e) => e.type)).toEqual(['netbox.created', 'netbox.updated', 'netbox.deleted']);
  });

  it('(d) answers 401 to a delivery from NetBox signed with the wrong secret, and applies nothing', async () => {
    const before = await badSignatureCount(app);
    await http.request('PATCH', `/api/extras/webhooks/${webhookId}/`, { secret: 'not-the-secret-ipshadow-knows' });
    try {
      const created = await http.request<{ id: number }>('POST', '/api/ipam/ip-addresses/', { address: '198.51.100.21/32', description: 'tampered' });
      await waitFor('a rejected delivery', async () => ((await badSignatureCount(app)) > before ? true : undefined));
      expect(await app.store.mirror.get('nb_ip_addresses', created.id)).toBeUndefined();
      await http.request('DELETE', `/api/ipam/ip-addresses/${created.id}/`);
    } finally {
      await http.request('PATCH', `/api/extras/webhooks/${webhookId}/`, { secret: SECRET });
    }
  });

  it('(d) answers 401 to a tampered body and to a missing signature over HTTP', async () => {
    const body = JSON.stringify({ event: 'created', timestamp: new Date().toISOString(), object_type: 'ipam.ipaddress', data: { id: 999999, address: '203.0.113.1/32' } });
    const sig = signBody(SECRET, body);
    const tampered = body.replace('203.0.113.1', '203.0.113.2');
    const post = (payload: string, headers: Record<string, string>) =>
      axios.post(`${baseUrl}/webhooks/netbox`, payload, { headers: { 'content-type': 'application/json', ...headers }, validateStatus: () => true });
    expect((await post(tampered, { 'x-hook-signature': sig })).status).toBe(401);
    expect((await post(body, {})).status).toBe(401);
    // Upper-case hex is the same signature; a changed first digit is not (it must differ: replacing a leading '0' with
    // '0' left the signature valid in 1 run of 16, and the unsigned-looking body then got 400).
    const wrong = `${sig[0] === '0' ? '1' : '0'}${sig.slice(1)}`.toUpperCase();
    expect((await post(body, { 'x-hook-signature': wrong })).status).toBe(401);
    expect(await app.store.mirror.get('nb_ip_addresses', 999999)).toBeUndefined();
  });
});
