/**
 * Leader election, everything real: two `ipshadow serve` processes on one PostgreSQL store with the NetBox 4.7 stack
 * and kea-dhcp4 2.2 with the ipshadow hook. Exactly one leads (runs the engine's writers); a shadow entry pushed to the
 * follower gets exactly its reservations in NetBox and Kea, no doubles; after `kill -9` of the leader the follower
 * takes the lock within one retry interval and carries on.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HookCommands, unixControl } from '../../src/adapters/kea';
import type { ShadowRecord } from '../../src/adapters/netbox';
import type { ShadowEntry } from '../../src/core/shadow';
import { openStore } from '../../src/store';
import { tempPostgres, type TempDb } from './helpers/databases';
import { keaStatus, stack, type KeaStack } from './helpers/kea';
import { netboxEnv, netboxHttp, prepareLiveNetbox, shadowRecordsOf, waitFor } from './helpers/netbox';
import { ensureRange, liveConfig, startSidecar, type Sidecar } from './helpers/sidecar';

const VERSION = '2.2' as const;
const A = 'group:tag:leader-a';
const B = 'group:tag:leader-b';
const TOKEN = 'live-leader-api-token-0123456789';
const RETRY_S = 1;
const MIN = 60_000;
const ours = (id: string) => id.startsWith('group:tag:leader-');

const entry = (resourceId: string, count: number): ShadowEntry => ({
  resourceId, asOfMs: Date.now() - 1000, horizonMs: 15 * MIN, pAny: 0.9, quantiles: [{ p: 0.5, count }, { p: 0.9, count }],
  eta: null, resourceType: 'group', expectedBandwidthBps: null, model: 'leader-test', validUntilMs: Date.now() + 10 * MIN,
});

describe(`two serve replicas on one PostgreSQL store, real NetBox and Kea ${VERSION}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-leader-'));
  let db: TempDb;
  let kea: KeaStack;
  const replicas: Sidecar[] = [];
  let leader: Sidecar;
  let follower: Sidecar;
  const mine = (resourceId: string): Promise<ShadowRecord[]> => shadowRecordsOf((id) => id === resourceId);
  const hookGroups = async () => new HookCommands(unixControl(kea.controlSocket)).groups();
  const gauge = async (s: Sidecar) => Number(/^ipshadow_engine_leader (\d+)$/m.exec((await s.api.get('/metrics')).data as string)?.[1]);
  const liveIn = async (resourceId: string, n: number) => {
    const rs = await mine(resourceId);
    const addrs = rs.map((r) => r.address.split('/')[0]!);
    const inKea = (await hookGroups())[resourceId]?.addresses ?? [];
    return rs.length === n && rs.every((r) => r.state === 'live') && addrs.every((a) => inKea.includes(a)) ? addrs : undefined;
  };

  beforeAll(async () => {
    await prepareLiveNetbox(ours);
    const rangeId = await ensureRange(netboxHttp(), '10.64.8.41/10', '10.64.8.49/10', 'ipshadow leader-test shadow range (the Kea test stack\'s guarded pool)');
    await stack('kea.sh', ['--kea', VERSION, 'down']);
    kea = await keaStatus(VERSION);
    db = await tempPostgres('leader');
    const { url, token } = netboxEnv();
    const config = {
      ...liveConfig({
        dir, netbox: { url, token }, apiToken: TOKEN, kea,
        engine: { tickSeconds: 0.5, reconcileSeconds: 30, leaderRetrySeconds: RETRY_S, ttlMinutes: 10, jitter: { fraction: 0 }, placements: [{ resource: 'group:tag:leader-*', source: { kind: 'ip-range', id: rangeId }, binding: 'group' }] },
      }),
      store: { url: db.url },
    };
    // The store is migrated once, before the replicas race for it.
    await (await openStore(db.url)).close();
    // Both at once, each with its own config file: the same store, NetBox, Kea and event socket.
    replicas.push(...(await Promise.all(['r1', 'r2'].map((name) => {
      mkdirSync(join(dir, name));
      return startSidecar(join(dir, name, 'ipshadow.yaml'), JSON.stringify(config), TOKEN);
    }))));
    await stack('kea.sh', ['--kea', VERSION, 'up', '--groups', JSON.stringify([{ name: A, 'mac-prefix': '0c:d1' }, { name: B, 'mac-prefix': '0c:d2' }])]);
  });
  afterAll(async () => {
    for (const s of replicas) await s.stop();
    // Both logs stay in the temp folder for a failed run.
    replicas.forEach((s, i) => writeFileSync(join(dir, `r${i + 1}.log`), s.log()));
    await stack('kea.sh', ['--kea', VERSION, 'down']).catch(() => undefined);
    await db?.drop();
    await prepareLiveNetbox(ours).catch(() => undefined);
  });

  it('elects exactly one leader; an entry pushed to the follower gets exactly its reservations, once', async () => {
    const leaders = replicas.filter((s) => s.events('engine.leader.acquired').length > 0);
    expect(leaders).toHaveLength(1);
    leader = leaders[0]!;
    follower = replicas.find((s) => s !== leader)!;
    const waiting = follower.events('engine.leader.waiting');
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ retrySeconds: RETRY_S, holder: expect.stringMatching(new RegExp(`^ipshadow-leader:.+:${leader.child.pid} from 127\\.0\\.0\\.1`)) });
    expect([await gauge(leader), await gauge(follower)]).toEqual([1, 0]);

    const pushed = await follower.api.post('/v1/shadow/entries', { entries: [entry(A, 2)] });
    expect([pushed.status, pushed.data]).toEqual([200, { stored: 1 }]);
    const addrs = await waitFor('two live reservations for A in NetBox and Kea', () => liveIn(A, 2), 40000);
    expect(new Set(addrs).size).toBe(2);
    // Ten more ticks: still exactly two, and only the leader ever ran the engine's writers.
    await new Promise((r) => setTimeout(r, 10 * 500));
    expect((await liveIn(A, 2))?.sort()).toEqual([...addrs].sort());
    for (const ev of ['engine.started', 'engine.reconciled', 'engine.tick', 'kea.events.listening']) expect(follower.events(ev)).toEqual([]);
    expect(leader.events('engine.tick').reduce((n, l) => n + Number(l.created), 0)).toBe(2);
  });

  it('after kill -9 of the leader, the follower takes over within one retry interval and carries on', async () => {
    const killedAt = Date.now();
    await leader.kill9();
    const [acquired] = await waitFor('the follower to acquire the lock', async () => {
      const l = follower.events('engine.leader.acquired');
      return l.length ? l : undefined;
    }, 15000);
    const takeoverMs = Date.parse(String(acquired!.time)) - killedAt;
    console.log(`leader take-over after kill -9: ${takeoverMs} ms (retry interval ${RETRY_S * 1000} ms)`);
    expect(takeoverMs).toBeLessThanOrEqual(RETRY_S * 1000 + 1500);
    expect(await gauge(follower)).toBe(1);
    // Reconcile first, as at start-up: what the dead leader made is intact, not remade.
    await waitFor('the new leader\'s first reconcile', async () => (follower.events('engine.reconciled').length ? true : undefined), 30000);
    expect(follower.events('engine.reconciled')[0]).toMatchObject({ orphans: 0, duplicates: 0 });

    const pushed = await follower.api.post('/v1/shadow/entries', { entries: [entry(B, 1)] });
    expect(pushed.status).toBe(200);
    const [b] = await waitFor('a live reservation for B in NetBox and Kea', () => liveIn(B, 1), 40000);
    expect(b).toMatch(/^10\.64\.8\.(4[1-9])$/);
    expect(await liveIn(A, 2)).toHaveLength(2);
    const store = await openStore(db.url);
    try {
      const rs = await store.reservations.list({ states: ['live'] });
      expect(rs.map((r) => r.resourceId).sort()).toEqual([A, A, B]);
      expect(new Set(rs.map((r) => r.address)).size).toBe(3);
    } finally {
      await store.close();
    }
  });
});
