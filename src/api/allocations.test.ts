import type { FastifyInstance } from 'fastify';
import { buildApp, type App } from '../app';
import { parseConfig } from '../config/load';
import { systemClock } from '../core/ports';
import type { ShadowEntry } from '../core/shadow';
import { AllocationEngine, enginePolicy, MemoryDhcpServer } from '../engine';
import { EmbeddedIpam } from '../ipam';
import { silentLogger } from '../log/logger';
import { AllocationService } from '../service/allocations';
import { BackgroundWrites } from '../service/background-writes';
import { buildServer } from './server';

const token = 'unit-test-api-token-0123';
const auth = { authorization: `Bearer ${token}` };

describe('allocation API (embedded IPAM, in-memory DHCP)', () => {
  let app: App;
  let server: FastifyInstance;
  let engine: AllocationEngine;
  let ipam: EmbeddedIpam;
  let background: BackgroundWrites;
  const dhcp = new MemoryDhcpServer();

  beforeAll(async () => {
    const config = parseConfig({ store: { url: 'sqlite::memory:' }, netbox: { url: 'http://127.0.0.1:9', token: 'nbt_unit.test0000' }, api: { token } });
    app = await buildApp(config, silentLogger());
    ipam = new EmbeddedIpam(app.store.ipam, systemClock);
    const prefix = await ipam.addPrefix('10.9.0.0/29');
    engine = new AllocationEngine({
      store: app.store, sot: ipam, dhcp, clock: systemClock,
      placement: (id) => (id === 'nowhere' ? null : { source: { kind: 'prefix', id: prefix }, binding: () => ({ kind: 'group', group: id }) }),
      policy: enginePolicy({ threshold: 0.5, horizonMs: 900_000, serviceLevel: 0.9, ttlMs: 600_000 }),
    });
    background = new BackgroundWrites({ log: silentLogger() });
    const allocations = new AllocationService({ store: app.store, engine, clock: systemClock, background, owner: 'test:1:1' });
    server = await buildServer(app, { allocations: { allocations, pushEntries: (e) => app.store.shadow.upsert(e), observeOnly: false } });
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  const allocate = (body: object, headers: Record<string, string> = auth) => server.inject({ method: 'POST', url: '/v1/allocations', payload: body, headers });

  it('serves a live shadow address as a hit, replays it for the same key, and allocates a miss on demand', async () => {
    const now = Date.now();
    const entry: ShadowEntry = { resourceId: 'web', asOfMs: now - 1000, horizonMs: 900_000, pAny: 0.9, quantiles: [{ p: 0.9, count: 1 }], eta: null, resourceType: 'group', expectedBandwidthBps: null, model: 'test', validUntilMs: now + 60_000 };
    const pushed = await server.inject({ method: 'POST', url: '/v1/shadow/entries', payload: { entries: [entry] }, headers: auth });
    expect(pushed.json()).toEqual({ stored: 1 });
    const made = await engine.tick(await app.store.shadow.list({ validAt: Date.now() }));
    expect(made.created.map((r) => r.address)).toEqual(['10.9.0.1']);

    const hit = await allocate({ resource: 'web', key: 'pod-1' });
    expect([hit.statusCode, hit.json().outcome, hit.json().address, hit.json().replayed]).toEqual([200, 'hit', '10.9.0.1', false]);
    await background.idle();
    expect((await ipam.listShadow()).map((r) => [r.address, r.state, r.status])).toEqual([['10.9.0.1', 'claimed', 'dhcp']]);

    const replay = await allocate({ resource: 'web' }, { ...auth, 'idempotency-key': 'pod-1' });
    expect([replay.statusCode, replay.json()]).toEqual([200, { ...hit.json(), replayed: true }]);

    const miss = await allocate({ resource: 'web', key: 'pod-2' });
    expect([miss.statusCode, miss.json().outcome, miss.json().address]).toEqual([201, 'miss', '10.9.0.2']);
    expect((await dhcp.list()).map((p) => p.address).sort()).toEqual(['10.9.0.1', '10.9.0.2']);
    expect((await app.store.allocations.get('pod-2'))?.outcome).toBe('miss');
  });

  it('answers concurrent requests with one key once', async () => {
    const answers = await Promise.all([1, 2, 3].map(() => allocate({ resource: 'web', key: 'pod-3' })));
    const ok = answers.filter((a) => a.statusCode < 300).map((a) => a.json().address);
    expect(new Set(ok).size).toBe(1);
    expect(answers.every((a) => a.statusCode < 300 || a.statusCode === 409)).toBe(true);
    expect((await app.store.reservations.list({ states: ['claimed'] })).length).toBe(3);
  });

  it('gives a key taken over from a crashed process the reservation that process claimed for it', async () => {
    const now = Date.now();
    const entry: ShadowEntry = { resourceId: 'crashy', asOfMs: now - 1000, horizonMs: 900_000, pAny: 0.9, quantiles: [{ p: 0.9, count: 2 }], eta: null, resourceType: 'group', expectedBandwidthBps: null, model: 'test', validUntilMs: now + 60_000 };
    await app.store.shadow.upsert([entry]);
    const made = (await engine.tick(await app.store.shadow.list({ validAt: now }))).created.filter((r) => r.resourceId === 'crashy');
    expect(made.length).toBe(2);
    // The crashed owner (another host, silent for a minute) claimed the oldest for pod-9 and died before answering.
    await app.store.allocations.begin('pod-9', 'crashy', null, 'elsewhere:1:1', now - 60_000, () => false);
    const mine = await engine.claim({ resourceId: 'crashy', key: 'pod-9' });
    const retry = await allocate({ resource: 'crashy', key: 'pod-9' });
    expect([retry.statusCode, retry.json().outcome, retry.json().reservationId, retry.json().replayed]).toEqual([200, 'hit', mine!.id, false]);
    expect((await app.store.reservations.list({ states: ['live'], resourceId: 'crashy' })).length).toBe(1);
    expect(await app.store.allocations.get('pod-9')).toMatchObject({ outcome: 'hit', reservationId: mine!.id, owner: 'test:1:1' });
  });

  it('refuses bad input and missing tokens, and says when a resource has no placement', async () => {
    expect((await allocate({ resource: 'web', key: 'k' }, {})).statusCode).toBe(401);
    const noKey = await allocate({ resource: 'web' });
    expect([noKey.statusCode, noKey.json().error.message]).toEqual([400, 'body.key: an idempotency key is required (body.key or the Idempotency-Key header)']);
    expect((await allocate({ resource: '', key: 'k' })).json().error.message).toMatch(/^body\.resource:/);
    const nowhere = await allocate({ resource: 'nowhere', key: 'k2' });
    expect([nowhere.statusCode, nowhere.json().error.code]).toEqual([404, 'NOT_FOUND']);
    // The failed request left no pending key behind: the client may retry it.
    expect(await app.store.allocations.get('k2')).toBeUndefined();
  });
});
