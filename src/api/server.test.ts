import type { FastifyInstance } from 'fastify';
import { buildApp, type App } from '../app';
import type { ShadowEntry } from '../core/shadow';
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

  it('serves the shadow inventory with filters, valid entries only unless stale=true', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const now = Date.now();
    const entry = (resourceId: string, horizonMs: number, pAny: number, validUntilMs: number): ShadowEntry => ({
      resourceId, asOfMs: now - 1000, horizonMs, pAny, quantiles: [{ p: 0.5, count: 1 }], eta: null, resourceType: 'group',
      expectedBandwidthBps: null, model: 'kalman-level', validUntilMs,
    });
    const web5 = entry('group:tag:web', 300_000, 0.75, now + 60_000), web15 = entry('group:tag:web', 900_000, 0.9, now + 60_000);
    const db5 = entry('group:tag:db', 300_000, 0.25, now + 60_000), old = entry('vmif:3', 300_000, 0.95, now - 1);
    await app.store.shadow.upsert([web5, web15, db5, old]);
    const get = async (url: string) => server.inject({ url, headers: auth });
    expect((await server.inject({ url: '/v1/shadow' })).statusCode).toBe(401);
    expect((await get('/v1/shadow')).json()).toEqual([db5, web5, web15]);
    expect((await get('/v1/shadow?stale=true')).json()).toEqual([db5, web5, web15, old]);
    expect((await get('/v1/shadow?horizon=5&minP=0.5')).json()).toEqual([web5]);
    expect((await get('/v1/shadow?resource=group:tag:web&horizon=15')).json()).toEqual([web15]);
    expect((await get('/v1/shadow/group:tag:web')).json()).toEqual([web5, web15]);
    expect((await get('/v1/shadow/vmif:3?stale=true')).json()).toEqual([old]);
    const missing = await get('/v1/shadow/vmif:3');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no valid shadow inventory entries for vmif:3' } });
    const bad = await get('/v1/shadow?minP=2');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^query\.minP: /);
  });

  it('serves health, metrics and an OpenAPI document', async () => {
    expect((await server.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok', store: 'ok', lastFullSync: null });
    const metrics = (await server.inject({ url: '/metrics' })).body;
    expect(metrics).toContain('ipshadow_reservations{state="intent"} 1');
    expect(metrics).toContain('ipshadow_mirror_rows{table="nb_ip_addresses"} 0');
    expect(metrics).toContain('ipshadow_shadow_entries{horizon_minutes="5"} 2');
    expect(metrics).toContain('ipshadow_shadow_entries{horizon_minutes="15"} 1');
    expect(metrics).toContain('ipshadow_shadow_mean_p_any{horizon_minutes="5"} 0.5');
    const doc = (await server.inject({ url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual([
      '/healthz', '/metrics', '/webhooks/netbox', '/v1/resources', '/v1/resources/{id}', '/v1/reservations', '/v1/reservations/{id}',
      '/v1/shadow', '/v1/shadow/{resource}', '/v1/allocations', '/v1/shadow/entries', '/api/v1/metrics', '/api/v1/metrics/write',
    ]);
    expect(doc.paths['/v1/shadow'].get.responses[200].content['application/json'].schema).toEqual({ type: 'array', items: { $ref: '#/components/schemas/ShadowEntry' } });
    expect(doc.components.schemas.ShadowEntry.required).toEqual(['resourceId', 'asOfMs', 'horizonMs', 'pAny', 'quantiles', 'eta', 'resourceType', 'expectedBandwidthBps', 'model', 'validUntilMs']);
    expect(Object.keys(doc.paths['/api/v1/metrics'].post.requestBody.content)).toEqual(['application/json', 'text/csv']);
    expect(doc.components.schemas.MetricsIngestReply.required).toEqual(['accepted', 'rejected', 'ignored', 'errors']);
    expect(doc.components.schemas.Reservation.required).toContain('idempotencyKey');
  });
});
