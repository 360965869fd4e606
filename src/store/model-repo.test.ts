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
});
