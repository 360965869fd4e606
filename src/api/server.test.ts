import type { FastifyInstance } from 'fastify';
import { buildApp, type App } from '../app';
import { parseConfig } from '../config/load';
import { silentLogger } from '../log/logger';
import { signBody } from '../adapters/netbox';
import { buildServer } from './server';

const secret = 'unit-test-webhook-secret';
const token = 'unit-test-api-token-0123';

const ipEvent = (event: string, data: Record<string, unknown>) => JSON.stringify({
  event, timestamp: '2026-11-24T10:00:00Z', object_type: 'ipam.ipaddress', username: 'admin', request_id: 'req-1', data,
});
const ip = { id: 42, address: '10.20.0.42/24', family: { value: 4, label: 'IPv4' }, vrf: null, status: { value: 'active' }, role: null, tenant: null, assigned_object_type: null, assigned_object_id: null, dns_name: 'h42', description: '', tags: [{ slug: 'web' }], custom_fields: {}, last_updated: '2026-11-24T10:00:00Z' };

describe('api server', () => {
  let app: App;
  let server: FastifyInstance;
  const applied: number[] = [];

  beforeAll(async () => {
    const config = parseConfig({ store: { url: 'sqlite::memory:' }, netbox: { url: 'http://127.0.0.1:9', token: 'nbt_unit.test0000', webhook: { secret } }, api: { token } });
    app = await buildApp(config, silentLogger());
    server = await buildServer(app, { onWebhookApplied: (o) => applied.push(o.id) });
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  const post = (body: string, signature?: string) =>
    server.inject({ method: 'POST', url: '/webhooks/netbox', payload: body, headers: { 'content-type': 'application/json', ...(signature && { 'x-hook-signature': signature }) } });

  it('rejects a webhook without or with a wrong signature with 401 and counts it', async () => {
    const body = ipEvent('created', ip);
    expect((await post(body)).statusCode).toBe(401);
    const tampered = await post(body.replace('10.20.0.42', '10.20.0.43'), signBody(secret, body));
    expect(tampered.statusCode).toBe(401);
    expect(tampered.json()).toEqual({ error: { code: 'WEBHOOK_SIGNATURE', message: 'missing or invalid X-Hook-Signature' } });
    expect(await app.store.mirror.count('nb_ip_addresses')).toBe(0);
    expect(await app.metrics.registry.getSingleMetricAsString('ipshadow_webhooks_total')).toContain('ipshadow_webhooks_total{result="bad_signature"} 2');
  });

  it('answers 400 for a signed but malformed body', async () => {
    const body = '{"event":"created","timestamp":"x","object_type":"ipam.ipaddress","data":{"id":"nope"}}';
    const res = await post(body, signBody(secret, body));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('webhook body invalid at data.id: Invalid input: expected number, received string');
    const res2 = await post('garbage', signBody(secret, 'garbage'));
    expect(res2.statusCode).toBe(400);
  });

  it('applies created, updated and deleted events to the mirror', async () => {
    let body = ipEvent('created', ip);
    expect((await post(body, signBody(secret, body))).json()).toEqual({ applied: true, event: 'created', objectType: 'ipam.ipaddress', id: 42 });
    expect(await app.store.mirror.get('nb_ip_addresses', 42)).toMatchObject({ address: '10.20.0.42/24', status: 'active', dns_name: 'h42', tags: '["web"]' });
    body = ipEvent('updated', { ...ip, status: { value: 'deprecated' }, last_updated: '2026-11-24T10:01:00Z' });
    await post(body, signBody(secret, body));
    expect((await app.store.mirror.get('nb_ip_addresses', 42))?.status).toBe('deprecated');
    body = ipEvent('deleted', ip);
    await post(body, signBody(secret, body));
    expect(await app.store.mirror.get('nb_ip_addresses', 42)).toBeUndefined();
    expect(applied).toEqual([42, 42, 42]);
  });

  it('acknowledges object types it does not mirror', async () => {
    const body = JSON.stringify({ event: 'created', timestamp: 't', object_type: 'dcim.site', data: { id: 1 } });
    expect((await post(body, signBody(secret, body))).json()).toMatchObject({ applied: false, objectType: 'dcim.site' });
  });

  it('guards read endpoints with the API token and validates queries', async () => {
    expect((await server.inject({ url: '/v1/resources' })).statusCode).toBe(401);
    const auth = { authorization: `Bearer ${token}` };
    expect((await server.inject({ url: '/v1/resources', headers: auth })).json()).toEqual([]);
    expect((await server.inject({ url: '/v1/resources/vmif:1', headers: auth })).statusCode).toBe(404);
    const bad = await server.inject({ url: '/v1/reservations?state=bogus', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^query\.state\.0: /);
    const { reservation } = await app.store.reservations.createIntent({ idempotencyKey: 'k', resourceId: 'vmif:1', confidence: 0.9, expiresAt: 5 });
    expect((await server.inject({ url: '/v1/reservations?state=intent', headers: auth })).json()).toEqual([reservation]);
  });

  it('serves health, metrics and an OpenAPI document', async () => {
    expect((await server.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok', store: 'ok', lastFullSync: null });
    const metrics = (await server.inject({ url: '/metrics' })).body;
    expect(metrics).toContain('ipshadow_reservations{state="intent"} 1');
    expect(metrics).toContain('ipshadow_mirror_rows{table="nb_ip_addresses"} 0');
    const doc = (await server.inject({ url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(['/healthz', '/metrics', '/webhooks/netbox', '/v1/resources', '/v1/resources/{id}', '/v1/reservations', '/v1/reservations/{id}']);
    expect(doc.components.schemas.Reservation.required).toContain('idempotencyKey');
  });
});
