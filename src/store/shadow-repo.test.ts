import type { ShadowEntry } from '../core/shadow';
import { openStore, type Store } from './store';
import { unitBackends } from '../../test/integration/helpers/databases';

const BACKENDS = unitBackends();

const entry = (resourceId: string, horizonMs: number, over: Partial<ShadowEntry> = {}): ShadowEntry => ({
  resourceId, asOfMs: 1_000_000, horizonMs, pAny: 0.5, quantiles: [{ p: 0.5, count: 1 }, { p: 0.9, count: 3 }],
  eta: { fromMs: 1_060_000, toMs: 1_180_000 }, resourceType: 'group', expectedBandwidthBps: 1250.5, model: 'kalman-level',
  validUntilMs: 1_120_000, ...over,
});

describe.each(BACKENDS)('shadow inventory on %s', (_name, make) => {
  let store: Store;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await make('u_shadow');
    drop = db.drop;
    store = await openStore(db.url);
  }, 30_000);
  afterAll(async () => {
    await store?.close();
    await drop?.();
  }, 30_000);

  it('applies the shadow inventory migration', () => {
    expect(store.migrated).toContain('005-shadow-inventory');
  });

  it('upserts many entries and reads each back whole, nullable fields included', async () => {
    const a = entry('group:tag:web', 300_000);
    const b = entry('group:tag:web', 900_000, { pAny: 0.8, eta: null, expectedBandwidthBps: null });
    const c = entry('vmif:7', 300_000, { pAny: 0.05, resourceType: 'interface', quantiles: [{ p: 0.5, count: 0 }] });
    expect(await store.shadow.upsert([a, b, c])).toBe(3);
    expect(await store.shadow.list()).toEqual([a, b, c]);
    expect(await store.shadow.get('group:tag:web', 900_000)).toEqual(b);
    expect(await store.shadow.get('group:tag:web', 60_000)).toBeUndefined();
  });

  it('replaces an entry with a newer forecast and ignores an older one', async () => {
    const newer = entry('vmif:7', 300_000, { asOfMs: 1_060_000, pAny: 0.25, validUntilMs: 1_180_000, model: 'lead-signal' });
    const older = entry('vmif:7', 300_000, { asOfMs: 940_000, pAny: 0.99 });
    expect(await store.shadow.upsert([newer])).toBe(1);
    expect(await store.shadow.upsert([older])).toBe(0);
    expect(await store.shadow.get('vmif:7', 300_000)).toEqual(newer);
  });

  it('filters by resource, horizon, minimum P(any) and validity', async () => {
    const ids = (es: ShadowEntry[]) => es.map((e) => `${e.resourceId}@${e.horizonMs}`);
    expect(ids(await store.shadow.list({ resourceId: 'group:tag:web' }))).toEqual(['group:tag:web@300000', 'group:tag:web@900000']);
    expect(ids(await store.shadow.list({ horizonMs: 300_000 }))).toEqual(['group:tag:web@300000', 'vmif:7@300000']);
    expect(ids(await store.shadow.list({ minP: 0.5 }))).toEqual(['group:tag:web@300000', 'group:tag:web@900000']);
    expect(ids(await store.shadow.list({ validAt: 1_150_000 }))).toEqual(['vmif:7@300000']);
    expect(ids(await store.shadow.list({ minP: 0.3, validAt: 1_150_000 }))).toEqual([]);
  });

  it('summarises valid entries per horizon and prunes expired ones', async () => {
    expect(await store.shadow.stats(1_100_000)).toEqual([
      { horizonMs: 300_000, entries: 2, meanPAny: 0.375 },
      { horizonMs: 900_000, entries: 1, meanPAny: 0.8 },
    ]);
    expect(await store.shadow.prune(1_150_000)).toBe(2);
    expect((await store.shadow.list()).map((e) => e.resourceId)).toEqual(['vmif:7']);
  });

  it('reads allocation events of the given types in a time window', async () => {
    await store.events.append(
      { ts: 100, type: 'kea.lease4_committed', resourceId: 'vmif:7' },
      { ts: 150, type: 'kea.lease4_release', resourceId: 'vmif:7' },
      { ts: 200, type: 'allocation.miss', resourceId: 'group:tag:web' },
      { ts: 250, type: 'kea.group_claim', resourceId: null },
      { ts: 300, type: 'kea.group_claim', resourceId: 'group:tag:web' },
    );
    expect(await store.shadow.allocationEvents(['kea.lease4_committed', 'kea.group_claim', 'allocation.miss'], 100, 300)).toEqual([
      { ts: 100, type: 'kea.lease4_committed', resourceId: 'vmif:7' },
      { ts: 200, type: 'allocation.miss', resourceId: 'group:tag:web' },
    ]);
    expect(await store.shadow.allocationEvents([], 0, 1000)).toEqual([]);
  });

  it('upserts more entries than one statement holds, keeping the last of repeated keys', async () => {
    const many = Array.from({ length: 700 }, (_, i) => entry(`bulk:${String(i).padStart(3, '0')}`, 300_000, { pAny: i / 1000 }));
    expect(await store.shadow.upsert([...many, entry('bulk:000', 300_000, { pAny: 0.123 })])).toBe(700);
    expect((await store.shadow.list({ horizonMs: 300_000 })).filter((e) => e.resourceId.startsWith('bulk:'))).toHaveLength(700);
    expect((await store.shadow.get('bulk:000', 300_000))?.pAny).toBe(0.123);
    expect((await store.shadow.get('bulk:699', 300_000))?.pAny).toBe(0.699);
  });
});
