import { openStore } from '../../src/store';
import { migrations } from '../../src/store/connect';
import { BACKENDS, PG_ADMIN_URL, useStore } from './helpers/databases';

const prefix = (id: number, prefix: string, lastUpdated: string | null) => ({
  id, prefix, family: 4, vrf_id: null, status: 'active', role_id: null, tenant_id: null, is_pool: 0,
  description: `p${id}`, tags: '["web"]', custom_fields: '{}', last_updated: lastUpdated,
});

describe.each(BACKENDS)('store on %s', (_label, makeDb) => {
  const db = useStore(makeDb, 'store');

  it('migrates once and reopens idempotently', async () => {
    expect(db.store.migrated).toEqual(Object.keys(migrations(db.store.db.dialect)));
    expect(db.store.migrated[0]).toBe('001-initial');
    const again = await openStore(db.url);
    expect(again.migrated).toEqual([]);
    await again.close();
  });

  it('upserts mirror rows, keeps the newer last_updated, prunes unseen rows', async () => {
    await db.store.mirror.upsert('nb_prefixes', [prefix(1, '10.0.0.0/24', '2026-01-01T00:00:00Z'), prefix(2, '10.1.0.0/24', null)], 1000);
    await db.store.mirror.upsert('nb_prefixes', [prefix(1, '10.0.0.0/23', '2025-12-31T00:00:00Z')], 2000);
    expect((await db.store.mirror.get('nb_prefixes', 1))?.prefix).toBe('10.0.0.0/24');
    await db.store.mirror.upsert('nb_prefixes', [prefix(1, '10.0.0.0/22', '2026-02-01T00:00:00Z')], 3000);
    expect(await db.store.mirror.get('nb_prefixes', 1)).toEqual({ ...prefix(1, '10.0.0.0/22', '2026-02-01T00:00:00Z'), seen_at: 3000 });
    expect(await db.store.mirror.pruneUnseen('nb_prefixes', 2500)).toBe(1);
    expect((await db.store.mirror.list('nb_prefixes')).map((r) => r.id)).toEqual([1]);
    expect(await db.store.mirror.remove('nb_prefixes', [1, 99])).toBe(1);
    expect(await db.store.mirror.count('nb_prefixes')).toBe(0);
  });

  it('bulk-upserts more rows than one statement holds', async () => {
    const rows = Array.from({ length: 1234 }, (_, i) => prefix(i + 1, `10.${i >> 8}.${i & 255}.0/24`, null));
    await db.store.mirror.upsert('nb_prefixes', rows, 5000);
    expect(await db.store.mirror.count('nb_prefixes')).toBe(1234);
    expect((await db.store.mirror.get('nb_prefixes', 1234))?.prefix).toBe('10.4.209.0/24');
  });

  it('stores cursors as JSON', async () => {
    await db.store.cursors.set('sync', { runId: 'r1', kind: 'nb_prefixes', afterId: 17 }, 42);
    await db.store.cursors.set('sync', { runId: 'r1', kind: 'nb_vms', afterId: 0 }, 43);
    expect(await db.store.cursors.get('sync')).toEqual({ runId: 'r1', kind: 'nb_vms', afterId: 0 });
    expect(await db.store.cursors.all()).toEqual([{ name: 'sync', value: { runId: 'r1', kind: 'nb_vms', afterId: 0 }, updatedAt: 43 }]);
    await db.store.cursors.clear('sync');
    expect(await db.store.cursors.get('sync')).toBeUndefined();
  });

  it('appends and filters events', async () => {
    await db.store.events.append(
      { ts: 1, type: 'allocation', resourceId: 'vmif:1', payload: { address: '10.0.0.5' } },
      { ts: 2, type: 'release', resourceId: 'vmif:1' },
      { ts: 3, type: 'allocation', resourceId: 'vmif:2' },
    );
    const allocs = await db.store.events.list({ type: 'allocation' });
    expect(allocs.map((e) => [e.ts, e.resourceId, e.payload])).toEqual([[1, 'vmif:1', { address: '10.0.0.5' }], [3, 'vmif:2', {}]]);
    expect((await db.store.events.list({ resourceId: 'vmif:1' })).map((e) => e.type)).toEqual(['allocation', 'release']);
  });

  it('creates reservation intents idempotently and enforces transitions', async () => {
    const intent = { idempotencyKey: 'k-1', resourceId: 'vmif:1', confidence: 0.8, expiresAt: 9999 };
    const a = await db.store.reservations.createIntent(intent, 100);
    const b = await db.store.reservations.createIntent(intent, 200);
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.reservation.id).toBe(a.reservation.id);
    const written = await db.store.reservations.transition(a.reservation.id, 'netbox_written', { address: '10.0.0.9', netboxIpId: 7 }, { now: 300 });
    expect(written).toMatchObject({ state: 'netbox_written', address: '10.0.0.9', netboxIpId: 7, updatedAt: 300 });
    await expect(db.store.reservations.transition(a.reservation.id, 'claimed')).rejects.toMatchObject({ code: 'CONFLICT' });
    await db.store.reservations.transition(a.reservation.id, 'live');
    expect(await db.store.reservations.get(a.reservation.id)).toMatchObject({ state: 'live', address: '10.0.0.9', confidence: 0.8, expiresAt: 9999 });
    expect(await db.store.reservations.countByState()).toEqual({ live: 1 });
  });

  it('lets exactly one of two concurrent transitions win', async () => {
    const { reservation } = await db.store.reservations.createIntent({ idempotencyKey: 'k-race', resourceId: 'r', confidence: 0.5, expiresAt: 1 });
    const results = await Promise.allSettled([
      db.store.reservations.transition(reservation.id, 'netbox_written', {}, { from: 'intent' }),
      db.store.reservations.transition(reservation.id, 'cancelled', {}, { from: 'intent' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
  });

  it('replaces resources and memberships as a whole', async () => {
    const base = { mac: null, parentType: null, parentId: null, interfaceId: null, tenantId: null, attrs: {} };
    await db.store.resources.replaceAll(
      [
        { ...base, id: 'group:tag:web', kind: 'group', name: 'tag web', groupBy: 'tag', groupValue: 'web' },
        { ...base, id: 'vmif:1', kind: 'interface', name: 'vm1/eth0', mac: '02:00:00:00:00:01', parentType: 'vm', parentId: 1, interfaceId: 1, groupBy: null, groupValue: null, attrs: { vm: 'vm1' } },
      ],
      [{ groupId: 'group:tag:web', memberId: 'vmif:1' }],
    );
    expect((await db.store.resources.list('interface')).map((r) => [r.id, r.mac, r.attrs])).toEqual([['vmif:1', '02:00:00:00:00:01', { vm: 'vm1' }]]);
    expect(await db.store.resources.members('group:tag:web')).toEqual(['vmif:1']);
    expect(await db.store.resources.countByKind()).toEqual({ interface: 1, group: 1 });
    await db.store.resources.replaceAll([], []);
    expect(await db.store.resources.list()).toEqual([]);
    expect(await db.store.resources.countByKind()).toEqual({ interface: 0, group: 0 });
  });
});

describe('store on postgres, across a server-side disconnect', () => {
  it('survives its idle connections being terminated, and keeps working', async () => {
    const temp = await BACKENDS[1]![1]('disconnect');
    const errors: Error[] = [];
    const store = await openStore(temp.url, (err) => errors.push(err));
    await store.cursors.set('k', 1);
    const admin = new (await import('pg')).default.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    const dbName = temp.url.split('/').pop();
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]);
    await admin.end();
    await new Promise((r) => setTimeout(r, 200));
    expect(errors.map((e) => (e as Error & { code?: string }).code)).toContain('57P01');
    expect(await store.cursors.get('k')).toBe(1);
    await store.close();
    await temp.drop();
  });
});
