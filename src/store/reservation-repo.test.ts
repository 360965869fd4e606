import { Migrator, sql, type Kysely } from 'kysely';
import type { Reservation } from '../core/reservation';
import { unitBackends } from '../../test/integration/helpers/databases';
import { migrate, migrations, openDb } from './connect';
import type { Database } from './schema';
import { openStore, type Store } from './store';

const BACKENDS = unitBackends();

/** Makes a live reservation with `key`, created at `at`. */
async function live(store: Store, key: string, at: number, address: string) {
  const { reservation } = await store.reservations.createIntent({ idempotencyKey: key, resourceId: 'web', confidence: 0.9, expiresAt: at + 600_000 }, at);
  await store.reservations.transition(reservation.id, 'netbox_written', { address, netboxIpId: at }, { now: at });
  return store.reservations.transition(reservation.id, 'live', {}, { now: at });
}

const claimEvent = (key: string) => (r: { id: string; resourceId: string; address: string | null }) => [
  { ts: 5, type: 'reservation.claimed', resourceId: r.resourceId, reservationId: r.id, payload: { address: r.address, allocationKey: key } },
];

describe.each(BACKENDS)('reservation claims on %s', (_name, make) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    const db = await make('u_claims');
    drop = db.drop;
    store = await openStore(db.url);
  }, 30_000);
  afterEach(async () => {
    await store.close();
    await drop();
  });

  it('finds live reservations by address, only the ones asked for', async () => {
    const a = await live(store, 'k1', 1, '10.0.0.1/24'), b = await live(store, 'k2', 2, '10.0.0.2/24');
    await live(store, 'k3', 3, '10.0.0.3/24');
    await store.reservations.transition(b.id, 'claimed', {}, { now: 4 });
    expect((await store.reservations.atAddresses(['10.0.0.1/24', '10.0.0.2/24', '10.0.0.9/24'], ['live'])).map((r) => r.id)).toEqual([a.id]);
    expect((await store.reservations.atAddresses(['10.0.0.2/24', '10.0.0.2/24'])).map((r) => r.id)).toEqual([b.id]);
    expect(await store.reservations.atAddresses([])).toEqual([]);
  });

  it('claims the oldest live reservation (by creation, then key), skips on-demand keys, records the key and its events in one go', async () => {
    const od = await live(store, 'on-demand:x', 1, '10.0.0.1');
    const b = await live(store, 'e#1', 2, '10.0.0.3');
    const a = await live(store, 'e#0', 2, '10.0.0.2');
    const first = await store.reservations.claim({ resourceId: 'web', skipKeyPrefix: 'on-demand:' }, { allocationKey: 'pod-1', now: 7, events: claimEvent('pod-1') });
    expect(first).toEqual({ ...a, state: 'claimed', updatedAt: 7 });
    expect((await store.reservations.claim({ resourceId: 'web', skipKeyPrefix: 'on-demand:' }, { allocationKey: 'pod-2', now: 8, events: claimEvent('pod-2') }))?.id).toBe(b.id);
    expect(await store.reservations.claim({ resourceId: 'web', skipKeyPrefix: 'on-demand:' }, { allocationKey: 'pod-3', now: 9, events: claimEvent('pod-3') })).toBeNull();
    expect(await store.reservations.claim({ resourceId: 'other' }, { allocationKey: 'pod-3', now: 9, events: claimEvent('pod-3') })).toBeNull();
    // By id: only while it is live.
    expect((await store.reservations.claim({ id: od.id }, { allocationKey: 'pod-3', now: 9, events: claimEvent('pod-3') }))?.state).toBe('claimed');
    expect(await store.reservations.claim({ id: a.id }, { allocationKey: 'pod-4', now: 10, events: claimEvent('pod-4') })).toBeNull();

    expect((await store.reservations.claimedBy('pod-1')).map((r) => r.id)).toEqual([a.id]);
    expect(await store.reservations.claimedBy('pod-1', { resourceId: 'other' })).toEqual([]);
    expect(await store.reservations.claimedBy('pod-4')).toEqual([]);
    const events = await store.events.list({ type: 'reservation.claimed' });
    expect(events.map((e) => [e.reservationId, e.payload.allocationKey])).toEqual([[a.id, 'pod-1'], [b.id, 'pod-2'], [od.id, 'pod-3']]);
  });

  it('rolls the claim and its events back when a write joined to it fails', async () => {
    const a = await live(store, 'e#0', 1, '10.0.0.2');
    await store.allocations.begin('pod-1', 'web', null, 'me', 1, () => false);
    const boom = store.reservations.claim({ resourceId: 'web' }, {
      allocationKey: 'pod-1', now: 2, events: claimEvent('pod-1'),
      also: async (tx, r) => {
        await store.allocations.on(tx).finish('pod-1', 'me', 'hit', r.id, r.address!, 2);
        throw new Error('crash before commit');
      },
    });
    await expect(boom).rejects.toThrow('crash before commit');
    expect(await store.reservations.get(a.id)).toEqual(a);
    expect(await store.reservations.claimedBy('pod-1')).toEqual([]);
    expect(await store.events.list({ type: 'reservation.claimed' })).toEqual([]);
    expect((await store.allocations.get('pod-1'))?.outcome).toBe('pending');

    await store.reservations.claim({ resourceId: 'web' }, { allocationKey: 'pod-1', now: 3, events: claimEvent('pod-1'), also: (tx, r) => store.allocations.on(tx).finish('pod-1', 'me', 'hit', r.id, r.address!, 3) });
    expect(await store.allocations.get('pod-1')).toMatchObject({ outcome: 'hit', reservationId: a.id, address: '10.0.0.2', updatedAt: 3 });
  });

  it('opens the claim with the first write: key, claim and answer commit together, or the key alone when nothing is claimed', async () => {
    const a = await live(store, 'e#0', 1, '10.0.0.2');
    const begin = (key: string) => (tx: Kysely<Database>) => store.allocations.on(tx).begin(key, 'web', null, 'me', 2, () => false).then((b) => b === 'new');
    const finish = (key: string) => (tx: Kysely<Database>, r: Reservation) => store.allocations.on(tx).finish(key, 'me', 'hit', r.id, r.address!, 2);
    // A failure after the claim rolls the key back too: a retry starts from nothing.
    const boom = store.reservations.claim({ resourceId: 'web' }, { allocationKey: 'pod-1', now: 2, events: claimEvent('pod-1'), first: begin('pod-1'), also: async () => { throw new Error('crash before commit'); } });
    await expect(boom).rejects.toThrow('crash before commit');
    expect(await store.allocations.get('pod-1')).toBeUndefined();
    expect(await store.reservations.get(a.id)).toEqual(a);

    const hit = await store.reservations.claim({ resourceId: 'web' }, { allocationKey: 'pod-1', now: 2, events: claimEvent('pod-1'), first: begin('pod-1'), also: finish('pod-1') });
    expect(hit?.id).toBe(a.id);
    expect(await store.allocations.get('pod-1')).toMatchObject({ outcome: 'hit', reservationId: a.id, owner: 'me' });
    // The key exists now: the first write declines, and nothing else is claimed or written.
    const b = await live(store, 'e#1', 3, '10.0.0.3');
    expect(await store.reservations.claim({ resourceId: 'web' }, { allocationKey: 'pod-1', now: 4, events: claimEvent('pod-1'), first: begin('pod-1'), also: finish('pod-1') })).toBeNull();
    expect(await store.reservations.get(b.id)).toEqual(b);
    // Nothing live for the resource: the key commits alone, pending, for the on-demand path.
    expect(await store.reservations.claim({ resourceId: 'other' }, { allocationKey: 'pod-2', now: 4, events: claimEvent('pod-2'), first: begin('pod-2'), also: finish('pod-2') })).toBeNull();
    expect(await store.allocations.get('pod-2')).toMatchObject({ outcome: 'pending', owner: 'me' });
    expect((await store.events.list({ type: 'reservation.claimed' })).map((e) => e.payload.allocationKey)).toEqual(['pod-1']);
  });

  it('counts reservations per resource and lists only the ones due to expire', async () => {
    const a = await live(store, 'e#0', 1, '10.0.0.1');
    await live(store, 'on-demand:k', 2, '10.0.0.2');
    const { reservation: other } = await store.reservations.createIntent({ idempotencyKey: 'd#0', resourceId: 'db', confidence: 0.9, expiresAt: 5_000 }, 3);
    await store.reservations.transition(a.id, 'claimed', {}, { now: 4 });
    expect(await store.reservations.countByResource({ states: ['intent', 'live'] })).toEqual(new Map([['web', 1], ['db', 1]]));
    expect(await store.reservations.countByResource({ states: ['intent', 'live', 'claimed'], excludeKeyPrefix: 'on-demand:' })).toEqual(new Map([['web', 1], ['db', 1]]));
    expect(await store.reservations.countByResource({ states: ['claimed', 'live'] })).toEqual(new Map([['web', 2]]));
    // `live` made them with expiresAt = created + 600,000; the intent expires at 5,000.
    expect((await store.reservations.list({ states: ['intent', 'live'], expiresBy: 5_000 })).map((r) => r.id)).toEqual([other.id]);
    expect((await store.reservations.list({ states: ['intent', 'live'], expiresBy: 600_002 })).map((r) => r.idempotencyKey)).toEqual(['on-demand:k', 'd#0']);
  });

  it('hands distinct reservations to concurrent claims of one resource', async () => {
    for (let i = 0; i < 6; i++) await live(store, `e#${i}`, 1, `10.0.0.${i + 1}`);
    const got = await Promise.all(Array.from({ length: 5 }, (_, i) => store.reservations.claim({ resourceId: 'web' }, { allocationKey: `pod-${i}`, now: 2, events: claimEvent(`pod-${i}`) })));
    expect(new Set(got.map((r) => r?.id)).size).toBe(5);
    expect((await store.reservations.list({ states: ['live'] })).map((r) => r.idempotencyKey)).toEqual(['e#5']);
  });

  it('lists the keys of a resource that start with a prefix', async () => {
    for (const key of ['web@1/9#0', 'web@1/9#1', 'web@1/9#10', 'web@1/99#0', 'web@2/9#0']) await live(store, key, 1, '10.0.0.1');
    await store.reservations.createIntent({ idempotencyKey: 'web@1/9#7x', resourceId: 'db', confidence: 1, expiresAt: 9 }, 1);
    expect([...(await store.reservations.keysWithPrefix('web', 'web@1/9#'))].sort()).toEqual(['web@1/9#0', 'web@1/9#1', 'web@1/9#10']);
    expect(await store.reservations.keysWithPrefix('web', 'nothing#')).toEqual(new Set());
  });

  it('tells a new key from one taken over from a gone owner', async () => {
    expect(await store.allocations.begin('k', 'web', null, 'a', 1, () => true)).toBe('new');
    expect(await store.allocations.begin('k', 'web', null, 'b', 2, () => false)).toBeNull();
    expect(await store.allocations.begin('k', 'web', null, 'b', 3, (owner) => owner === 'a')).toBe('taken-over');
    expect(await store.allocations.begin('k', 'web', null, 'b', 4, () => true)).toBeNull();
    await store.allocations.finish('k', 'b', 'hit', 'r1', '10.0.0.1', 5);
    expect(await store.allocations.begin('k', 'web', null, 'c', 6, () => true)).toBeNull();
  });
});

describe.each(BACKENDS)('migration 007 on %s', (_name, make) => {
  it('fills allocation_key from the claim events logged before it', async () => {
    const { url, drop } = await make('u_claims');
    const db = openDb(url);
    try {
      const { '007-claim-key': _, ...before } = migrations(db.dialect);
      const old = new Migrator({ db: db.kysely, provider: { getMigrations: async () => before }, migrationTableName: 'ipshadow_migrations', migrationLockTableName: 'ipshadow_migrations_lock' });
      expect((await old.migrateToLatest()).error).toBeUndefined();
      await sql`INSERT INTO reservations (id, idempotency_key, resource_id, state, address, source_kind, source_id, netbox_ip_id, mac, confidence, expires_at, created_at, updated_at)
        VALUES ('r1', 'e#0', 'web', 'claimed', '10.0.0.2', NULL, NULL, 1, NULL, 1, 9, 1, 2), ('r2', 'e#1', 'web', 'live', '10.0.0.3', NULL, NULL, 2, NULL, 1, 9, 1, 2)`.execute(db.kysely);
      await sql`INSERT INTO events (ts, type, resource_id, reservation_id, payload) VALUES
        (2, 'reservation.claimed', 'web', 'r1', '{"address":"10.0.0.2","allocationKey":"pod-1","heldMs":1}'), (2, 'reservation.live', 'web', 'r2', '{}')`.execute(db.kysely);
      expect(await migrate(db)).toEqual(['007-claim-key']);
      await db.close();
      const store = await openStore(url);
      expect((await store.reservations.claimedBy('pod-1')).map((r) => [r.id, r.state])).toEqual([['r1', 'claimed']]);
      expect((await store.reservations.list()).map((r) => r.id).sort()).toEqual(['r1', 'r2']);
      await store.close();
    } finally {
      await drop();
    }
  }, 30_000);
});
