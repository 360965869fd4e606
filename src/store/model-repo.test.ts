import { openStore, type Store } from './store';

describe('ModelRepo on sqlite::memory:', () => {
  let store: Store;
  beforeAll(async () => { store = await openStore('sqlite::memory:'); });
  afterAll(() => store.close());

  it('creates the table through migration 004', () => {
    expect(store.migrated).toContain('004-model-weights');
  });

  it('round-trips weights bytes and meta, and replaces a model saved under the same name', async () => {
    const bytes = Buffer.from(new Float32Array([1.5, -2, 0.25]).buffer);
    await store.models.save({ name: 'lstm', kind: 'lstm', meta: { hash: 'a', shapes: [[3]] }, weights: bytes }, 1000);
    expect(await store.models.load('lstm')).toEqual({ name: 'lstm', kind: 'lstm', createdAt: 1000, meta: { hash: 'a', shapes: [[3]] }, weights: bytes });
    await store.models.save({ name: 'lstm', kind: 'lstm', meta: { hash: 'b' }, weights: Buffer.from([7]) }, 2000);
    const again = await store.models.load('lstm');
    expect({ createdAt: again?.createdAt, meta: again?.meta, weights: [...again!.weights] }).toEqual({ createdAt: 2000, meta: { hash: 'b' }, weights: [7] });
  });

  it('answers undefined for an unknown name and reports removals', async () => {
    expect(await store.models.load('nope')).toBeUndefined();
    expect(await store.models.remove('lstm')).toBe(true);
    expect(await store.models.remove('lstm')).toBe(false);
    expect(await store.models.load('lstm')).toBeUndefined();
  });

  it('lists the versions under a prefix without reading weights; LIKE wildcards in the prefix match only themselves', async () => {
    for (const [name, at] of [['lead-signal:group:tag:a_b', 10], ['lead-signal:group:tag:a', 20], ['lead-signalX', 30], ['lstm', 40]] as const) {
      await store.models.save({ name, kind: 'k', meta: {}, weights: Buffer.from([1]) }, at);
    }
    expect(await store.models.versions('lead-signal:')).toEqual([{ name: 'lead-signal:group:tag:a', createdAt: 20 }, { name: 'lead-signal:group:tag:a_b', createdAt: 10 }]);
    expect(await store.models.versions('lead-signal:group:tag:a_')).toEqual([{ name: 'lead-signal:group:tag:a_b', createdAt: 10 }]);
  });
});
