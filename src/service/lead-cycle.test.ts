import { parseConfig } from '../config/load';
import type { Resource } from '../core/resource';
import type { TelemetryBucket } from '../core/telemetry';
import { fitCalibratedLead, leadHistory, parseLead, predictCalibrated, serializeLead, telemetryGrid, type CalibratedLead } from '../forecast/lead';
import { silentLogger } from '../log/logger';
import { scenario } from '../sim/scenarios';
import { simulate } from '../sim/world';
import { openStore, type Store } from '../store';
import { runForecastCycle } from './forecast-cycle';
import { leadModelName, leadModelled, startLeadCycle } from './lead-cycle';

const MIN = 60_000;
const HORIZON = 5;
const trace = simulate(scenario('boot-storms', 1, 3));
const RACK = 'rack-pxe';
const LIVE = 'group:tag:rack';
let model: CalibratedLead;

/** The trace's buckets of minutes [from, to) of one resource, moved to start at `atMs` and renamed to LIVE. */
function replay(fromMs: number, toMs: number, atMs: number): TelemetryBucket[] {
  return trace.telemetry.filter((b) => b.resourceId === RACK && b.bucketMs >= fromMs && b.bucketMs < toMs)
    .map((b) => ({ ...b, resourceId: LIVE, bucketMs: b.bucketMs - fromMs + atMs }));
}

beforeAll(() => {
  const h = leadHistory(trace.events, trace.telemetry, RACK, trace.startMs, trace.endMs, trace.startMs + 15 * MIN, trace.endMs - HORIZON * MIN);
  model = fitCalibratedLead(h, { horizonMin: HORIZON, ridge: 1, folds: 3 });
});

describe('a calibrated lead model', () => {
  it('survives storing: the parsed model predicts exactly what the fitted one does', () => {
    const back = parseLead(serializeLead(model));
    const g = telemetryGrid(trace.telemetry, RACK, trace.startMs, trace.endMs);
    for (const t of [20, 500, 1500, 3000]) expect(predictCalibrated(back, g, t)).toEqual(predictCalibrated(model, g, t));
  });

  it('refuses bytes that are not a model, or a model for other features', () => {
    expect(() => parseLead(Buffer.from('{"version":1}'))).toThrow();
    const other = JSON.parse(serializeLead(model).toString()) as { features: string[] };
    other.features = other.features.slice(1);
    expect(() => parseLead(Buffer.from(JSON.stringify(other)))).toThrow('other features');
  });
});

describe('lead cycle on a store', () => {
  let store: Store;
  const group: Resource = { id: LIVE, kind: 'group', name: 'rack', mac: null, parentType: null, parentId: null, interfaceId: null, groupBy: 'tag', groupValue: 'rack', tenantId: null, attrs: {} };
  // The first allocation of the rack after day one, and the minute its lead traffic began.
  const alloc = trace.events.find((e) => e.resourceId === RACK && e.kind === 'alloc' && e.tMs > 86_400_000)!;
  const now = 1000 * MIN + 30_000;

  beforeAll(async () => {
    store = await openStore('sqlite::memory:');
    await store.resources.replaceAll([group], []);
    await store.models.save({ name: leadModelName(LIVE), kind: 'lead-signal', meta: {}, weights: serializeLead(model) });
  });
  afterAll(() => store.close());

  it('knows which resources have a model', async () => {
    expect(await leadModelled(store)).toEqual(new Set([LIVE]));
  });

  it('gives a quiet resource a low P(any) and one with boot traffic a high one, valid for two intervals', async () => {
    const loop = startLeadCycle({ store, horizonMinutes: HORIZON, intervalSeconds: 5, log: silentLogger(), clock: { now: () => now } });
    expect(await loop.runNow()).toEqual({ asOfMs: now, scored: 1, skipped: 0 });
    const quiet = (await store.shadow.list({ validAt: now }))[0]!;
    expect(quiet).toMatchObject({ resourceId: LIVE, horizonMs: HORIZON * MIN, model: 'lead-signal', resourceType: 'group', asOfMs: now, validUntilMs: now + 10_000 });
    expect(quiet.pAny).toBeLessThan(0.1);

    // The 16 minutes before the allocation's minute, replayed to end with the current minute: its lead traffic is in.
    const allocMinute = Math.floor(alloc.tMs / MIN) * MIN, current = Math.floor(now / MIN) * MIN;
    await store.telemetry.addBuckets(replay(allocMinute - 16 * MIN, allocMinute, current - 15 * MIN));
    expect(await loop.runNow()).toEqual({ asOfMs: now, scored: 1, skipped: 0 });
    const booting = (await store.shadow.list({ validAt: now }))[0]!;
    expect(booting.pAny).toBeGreaterThan(0.8);
    expect(booting.quantiles.find((q) => q.p === 0.5)!.count).toBeGreaterThanOrEqual(1);
    loop.stop();
  });

  it('skips a model fitted for another horizon than the engine\'s, and says why', async () => {
    const warned: unknown[] = [];
    const log = { ...silentLogger(), warn: (event: string, fields?: Record<string, unknown>) => void warned.push([event, fields]) };
    const loop = startLeadCycle({ store, horizonMinutes: 15, intervalSeconds: 5, log, clock: { now: () => now } });
    expect(await loop.runNow()).toEqual({ asOfMs: now, scored: 0, skipped: 1 });
    expect(warned).toEqual([['lead.model.skipped', { name: leadModelName(LIVE), reason: 'fitted for a 5-minute horizon; the engine uses 15' }]]);
    loop.stop();
  });

  it('leaves a lead-modelled resource out of the count forecast cycle', async () => {
    await store.events.append({ ts: now - 2 * MIN, type: 'kea.group_claim', resourceId: LIVE }, { ts: now - 2 * MIN, type: 'kea.group_claim', resourceId: 'group:tag:other' });
    const config = parseConfig({ netbox: { url: 'http://127.0.0.1:9', token: 'nbt_unit.test0000' }, forecast: { historySteps: 30 } }).forecast;
    const r = await runForecastCycle({ store, config, log: silentLogger() }, now);
    expect(r.resources).toBe(1);
    expect((await store.shadow.list({ resourceId: 'group:tag:other' })).length).toBe(2);
  });
});
