/**
 * `ipshadow lead-train` as an operator runs it (the built binary): on the store's own history (allocation events and
 * telemetry buckets, here three simulated days of boot storms ending now) it stores one calibrated lead model per
 * resource, and that model is exactly the one fitted on the same history in memory; bad flags exit 2.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitCalibratedLead, leadHistory, parseLead, predictCalibrated, telemetryGrid } from '../../src/forecast/lead';
import { leadModelName } from '../../src/service/lead-cycle';
import { scenario } from '../../src/sim/scenarios';
import { simulate } from '../../src/sim/world';
import { openStore } from '../../src/store';
import { runCli } from './helpers/cli';

const MIN = 60_000;

describe('ipshadow lead-train', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-lead-train-'));
  const config = join(dir, 'ipshadow.yaml');
  const storeUrl = `sqlite:${join(dir, 'store.db')}`;
  const sim = simulate(scenario('boot-storms', 3, 3));
  // The simulated days, moved to end at the last whole minute (the command reads the 72 h up to --until).
  const endMs = Math.floor(Date.now() / MIN) * MIN, shift = endMs - sim.endMs;
  const events = sim.events.filter((e) => e.kind === 'alloc').map((e) => ({ ...e, tMs: e.tMs + shift }));
  const telemetry = sim.telemetry.map((b) => ({ ...b, bucketMs: b.bucketMs + shift }));

  beforeAll(async () => {
    writeFileSync(config, `store: { url: "${storeUrl}" }\nnetbox: { url: "http://127.0.0.1:9", token: "nbt_unit.test0000" }\nengine: { horizonMinutes: 5 }\nlog: { level: warn }\n`);
    const store = await openStore(storeUrl);
    try {
      await store.events.append(...events.map((e) => ({ ts: e.tMs, type: 'kea.group_claim', resourceId: e.resourceId })));
      await store.telemetry.addBuckets(telemetry);
    } finally {
      await store.close();
    }
  });

  it('fits one model per resource on the store\'s history, the same model as fitted in memory', async () => {
    const r = await runCli(['-c', config, 'lead-train', '--from-store', '--hours', '72', '--until', String(endMs)]);
    expect(r.code).toBe(0);
    const startMs = endMs - 72 * 60 * MIN;
    for (const id of ['lab-pxe', 'rack-pxe']) {
      const h = leadHistory(events, telemetry, id, startMs, endMs, startMs + 15 * MIN, endMs - 5 * MIN);
      expect(r.stdout).toContain(`${id}: stored, fitted on ${id} of store: ${h.times.length} decision minutes`);
      const expected = fitCalibratedLead(h, { horizonMin: 5, ridge: 1, folds: 3 });
      const store = await openStore(storeUrl);
      const stored = await store.models.load(leadModelName(id));
      await store.close();
      expect(stored).toMatchObject({ kind: 'lead-signal', meta: { source: 'store', resource: id, horizonMin: 5, decisions: h.times.length } });
      const model = parseLead(stored!.weights);
      const g = telemetryGrid(telemetry, id, startMs, endMs);
      for (const t of [100, 1000, 2500, 4000]) expect(predictCalibrated(model, g, t).pAny).toBeCloseTo(predictCalibrated(expected, g, t).pAny, 12);
    }
  });

  it('skips a resource with too little history, and fails when it stored nothing', async () => {
    const r = await runCli(['-c', config, 'lead-train', '--from-store', '--hours', '72', '--until', String(endMs), '--from', 'rack-pxe', '--min-positives', '100000']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^rack-pxe: skipped, \d+ of \d+ decision minutes lead to an allocation \(fewer than 100000\)$/m);
  });

  it('exits 2 naming the flag for bad usage', async () => {
    const none = await runCli(['-c', config, 'lead-train']);
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('--trace: give exactly one of --trace FILE, --azure DIR, --sim SCENARIO or --from-store')]);
    const as = await runCli(['-c', config, 'lead-train', '--sim', 'boot-storms', '--as', 'group:tag:x']);
    expect([as.code, as.stderr]).toEqual([2, expect.stringContaining('--as: needs --from RESOURCE')]);
    const unknown = await runCli(['-c', config, 'lead-train', '--from-store', '--until', String(endMs), '--from', 'nope']);
    const until = await runCli(['-c', config, 'lead-train', '--from-store', '--until', 'yesterday']);
    expect([until.code, until.stderr]).toEqual([2, expect.stringContaining('--until: expected epoch milliseconds or an ISO 8601 time')]);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('--from: nope is not a resource of store')]);
  });
});
