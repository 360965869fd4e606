import { parseConfig } from '../config/load';
import type { Resource } from '../core/resource';
import type { Forecaster } from '../forecast/types';
import { silentLogger } from '../log/logger';
import { openStore, type AllocationEvent, type Store } from '../store';
import { allocationCounts, forecastEntries, runForecastCycle, startForecastCycle, stepGrid } from './forecast-cycle';

const MIN = 60_000;
const grid = { endMs: 10 * MIN, stepMs: MIN, steps: 4 }; // steps start at minutes 6, 7, 8, 9

/** A forecaster that always says 0.5 allocations per step, with no uncertainty. */
const half: Forecaster = {
  name: 'half',
  forecast: (series, h) => series.map(() => ({ mean: new Float64Array(h).fill(0.5), variance: new Float64Array(h), model: 'half' })),
};

describe('allocation counts per step', () => {
  it('places the grid on whole steps before now', () => {
    expect(stepGrid(10 * MIN + 59_999, MIN, 4)).toEqual(grid);
  });

  it('bins a hand-built event log, takes the larger of the Kea and engine counts per step, and skips the rest', () => {
    const ev = (ts: number, type: string, resourceId = 'vmif:1'): AllocationEvent => ({ ts, type, resourceId });
    const log = [
      ev(6 * MIN - 1, 'kea.lease4_committed'), // before the grid
      ev(6 * MIN, 'kea.lease4_committed'), ev(7 * MIN - 1, 'kea.lease4_committed'), // step 0: Kea 2
      ev(7 * MIN, 'kea.lease4_committed'), ev(7 * MIN + 10_000, 'allocation.hit'), // step 1: Kea 1, engine 1 → 1
      ev(8 * MIN + 5, 'kea.group_claim', 'group:tag:web'), // step 2 of another resource
      ev(8 * MIN + 6, 'kea.lease4_release'), // not an allocation
      ev(9 * MIN, 'allocation.miss'), ev(9 * MIN + 1, 'allocation.hit'), ev(9 * MIN + 2, 'kea.lease4_committed'), // step 3: engine 2
      ev(10 * MIN, 'allocation.miss'), // the step still open
    ];
    expect(allocationCounts(log, grid)).toEqual(new Map([
      ['group:tag:web', Float64Array.from([0, 0, 1, 0])],
      ['vmif:1', Float64Array.from([2, 1, 0, 2])],
    ]));
  });
});

describe('entries from forecasts', () => {
  it('builds one entry per resource and horizon with known P(any), quantiles and ETA', () => {
    const counts = new Map([['vmif:1', Float64Array.from([1, 0, 1, 0])]]);
    const entries = forecastEntries(counts, half, grid, {
      horizonsSteps: [2, 5], validForMs: 2 * MIN, resourceType: () => 'interface', bandwidthBps: () => 125,
    });
    const base = { resourceId: 'vmif:1', asOfMs: 10 * MIN, resourceType: 'interface', expectedBandwidthBps: 125, model: 'half', validUntilMs: 12 * MIN };
    expect(entries).toEqual([
      { ...base, horizonMs: 2 * MIN, pAny: 1 - Math.exp(-1), eta: null, quantiles: [0.1, 0.5, 0.9, 0.99].map((p) => ({ p, count: 1 })) },
      { ...base, horizonMs: 5 * MIN, pAny: 1 - Math.exp(-2.5), eta: { fromMs: 10 * MIN, toMs: 13 * MIN }, quantiles: [0.1, 0.5, 0.9, 0.99].map((p) => ({ p, count: 2 })) },
    ]);
  });

  it('makes no forecast without series', () => {
    expect(forecastEntries(new Map(), half, grid, { horizonsSteps: [1], validForMs: 1, resourceType: () => 'x', bandwidthBps: () => null })).toEqual([]);
  });
});

describe('forecast cycle on a store', () => {
  let store: Store;
  const now = 100 * MIN + 30_000;
  const config = parseConfig({ netbox: { url: 'http://127.0.0.1:9', token: 'nbt_unit.test0000' }, forecast: { stepSeconds: 60, horizonsMinutes: [5, 15], historySteps: 30, intervalSeconds: 60 } }).forecast;
  const group: Resource = { id: 'group:tag:web', kind: 'group', name: 'web', mac: null, parentType: null, parentId: null, interfaceId: null, groupBy: 'tag', groupValue: 'web', tenantId: null, attrs: {} };

  beforeAll(async () => {
    store = await openStore('sqlite::memory:');
    await store.resources.replaceAll([group], []);
    // Two allocations in every minute of the last 30 for the group; one old one for an unknown resource.
    await store.events.append(
      ...Array.from({ length: 60 }, (_, i) => ({ ts: 70 * MIN + Math.floor(i / 2) * MIN + i, type: 'kea.group_claim', resourceId: 'group:tag:web' })),
      { ts: 10 * MIN, type: 'kea.lease4_committed', resourceId: 'vmif:9' },
    );
    await store.telemetry.addBuckets([{ resourceId: 'group:tag:web', bucketMs: 80 * MIN, bytes: 360_000, packets: 1, flows: 1, peers: 1, newPeers: 0, dhcpPackets: 0, dhcpBytes: 0, tftpPackets: 0, tftpBytes: 0, dnsPackets: 0, dnsBytes: 0, provPackets: 0, provBytes: 0 }]);
    // An expired entry from long ago is pruned by the cycle.
    await store.shadow.upsert([{ resourceId: 'vmif:9', asOfMs: 10 * MIN, horizonMs: 5 * MIN, pAny: 0.1, quantiles: [], eta: null, resourceType: 'interface', expectedBandwidthBps: null, model: 'kalman-level', validUntilMs: 12 * MIN }]);
  });
  afterAll(() => store.close());

  it('forecasts a steady two allocations a minute with the Kalman model and stores both horizons', async () => {
    const result = await runForecastCycle({ store, config, log: silentLogger() }, now);
    expect(result).toEqual({ asOfMs: 100 * MIN, resources: 1, written: 2, pruned: 1 });
    const entries = await store.shadow.list({ validAt: now });
    expect(entries.map((e) => [e.resourceId, e.horizonMs, e.model, e.resourceType, e.asOfMs, e.validUntilMs])).toEqual([
      ['group:tag:web', 5 * MIN, 'kalman-level', 'group', 100 * MIN, 102 * MIN],
      ['group:tag:web', 15 * MIN, 'kalman-level', 'group', 100 * MIN, 102 * MIN],
    ]);
    const [five, fifteen] = entries;
    // 360,000 bytes over the 30-minute window.
    expect(five!.expectedBandwidthBps).toBe(200);
    expect(five!.pAny).toBeCloseTo(1 - Math.exp(-10), 6);
    expect(five!.quantiles.find((q) => q.p === 0.5)!.count).toBe(10);
    expect(fifteen!.quantiles.find((q) => q.p === 0.5)!.count).toBe(30);
    // 2 a minute: P(any) passes 0.25 and 0.75 within the first minute.
    expect(five!.eta).toEqual({ fromMs: 100 * MIN, toMs: 101 * MIN });
  });

  it('runs from the loop and logs a failure instead of throwing', async () => {
    const failing = { ...store, shadow: { ...store.shadow, allocationEvents: () => Promise.reject(new Error('db gone')) } } as unknown as Store;
    const errors: unknown[] = [];
    const log = { ...silentLogger(), error: (event: string, fields?: Record<string, unknown>) => void errors.push([event, fields]) };
    const loop = startForecastCycle({ store: failing, config, log, clock: { now: () => now } });
    expect(await loop.runNow()).toBeNull();
    loop.stop();
    expect(errors).toEqual([['forecast.cycle.failed', { error: 'db gone' }]]);
    const ok = startForecastCycle({ store, config, log: silentLogger(), clock: { now: () => now + MIN } });
    expect(await ok.runNow()).toEqual({ asOfMs: 101 * MIN, resources: 1, written: 2, pruned: 0 });
    ok.stop();
  });
});
