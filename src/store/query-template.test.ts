import { unitBackends, useStore } from '../../test/integration/helpers/databases';
import { affected, QueryTemplate } from './query-template';
import type { Store } from './store';

const ROW = { resource_id: 'web', state: 'live', address: null, source_kind: null, source_id: null, netbox_ip_id: null, mac: null, confidence: 0.5, expires_at: 9_000, allocation_key: null };

/** The oldest live row of a resource whose key differs from `skip`; LIMIT 1 stays a constant of the template. */
const oldest = new QueryTemplate<{ resourceId: string; skip: string }, { idempotency_key: string }>((db, slot) =>
  db.selectFrom('reservations').select('idempotency_key').where('resource_id', '=', slot('resourceId')).where('state', '=', 'live')
    .where('idempotency_key', '!=', slot('skip')).orderBy('created_at').limit(1));
/** Sets a row's two timestamps by key: one slot used twice. */
const touch = new QueryTemplate<{ key: string; at: number }>((db, slot) =>
  db.updateTable('reservations').set({ created_at: slot('at'), updated_at: slot('at') }).where('idempotency_key', '=', slot('key')));

describe.each(unitBackends())('QueryTemplate on %s', (_name, make) => {
  const db = useStore(make, 'u_template');
  let store: Store;
  beforeAll(async () => {
    store = db.store;
    await store.db.kysely.insertInto('reservations').values([
      { ...ROW, id: 'a', idempotency_key: 'k-a', created_at: 1, updated_at: 1 },
      { ...ROW, id: 'b', idempotency_key: 'k-b', created_at: 2, updated_at: 2 },
      { ...ROW, id: 'c', idempotency_key: 'k-c', created_at: 3, updated_at: 3, resource_id: 'db' },
    ]).execute();
  });

  it('runs one compiled query again with each call\'s values, constants kept', async () => {
    const run = async (resourceId: string, skip: string) => (await oldest.execute(store.db.kysely, { resourceId, skip })).rows.map((r) => r.idempotency_key);
    expect(await run('web', 'none')).toEqual(['k-a']);
    expect(await run('web', 'k-a')).toEqual(['k-b']);
    expect(await run('db', 'none')).toEqual(['k-c']);
    expect(await run('nothing', 'none')).toEqual([]);
  });

  it('fills a slot used twice, reports affected rows, and runs inside a transaction (rolled back on error)', async () => {
    expect(affected(await touch.execute(store.db.kysely, { key: 'k-b', at: 0 }))).toBe(1);
    expect(affected(await touch.execute(store.db.kysely, { key: 'missing', at: 0 }))).toBe(0);
    const b = await store.db.kysely.selectFrom('reservations').select(['created_at', 'updated_at']).where('id', '=', 'b').executeTakeFirstOrThrow();
    expect([Number(b.created_at), Number(b.updated_at)]).toEqual([0, 0]);
    expect((await oldest.execute(store.db.kysely, { resourceId: 'web', skip: 'none' })).rows[0]?.idempotency_key).toBe('k-b');
    await expect(store.db.kysely.transaction().execute(async (tx) => {
      await touch.execute(tx, { key: 'k-a', at: -5 });
      expect((await oldest.execute(tx, { resourceId: 'web', skip: 'none' })).rows[0]?.idempotency_key).toBe('k-a');
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect((await oldest.execute(store.db.kysely, { resourceId: 'web', skip: 'none' })).rows[0]?.idempotency_key).toBe('k-b');
  });
});
