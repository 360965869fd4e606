import { scenario } from '../../sim/scenarios';
import { simulate } from '../../sim/world';
import { auc } from '../calibration/reliability';
import { featureDesign, LEAD_FEATURES, telemetryGrid } from './features';
import { choleskySolve, fitGlm, predictAll, predictGlm } from './glm';
import { allocsPerMinute, anyOf, windowCounts } from './labels';
import { hurdleCdf } from './count';
import { etaFromRates, fitLeadModel, leadHistory, predictLead } from './model';

describe('lead-signal GLMs', () => {
  it('solves a 2×2 SPD system exactly', () => {
    expect(Array.from(choleskySolve(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1)))).toEqual([0.5, 0]);
  });

  it('fits a logistic regression on a hand-made separable set: P > 0.9 on the ones, < 0.1 on the zeros', () => {
    const xs = [-3, -2.5, -2, -1.5, -1, 1, 1.5, 2, 2.5, 3];
    const m = fitGlm('logit', { x: Float64Array.from(xs), n: 10, d: 1 }, Float64Array.from(xs, (x) => (x > 0 ? 1 : 0)), { ridge: 0.01 });
    expect(xs.filter((x) => x > 0).every((x) => predictGlm(m, [x]) > 0.9)).toBe(true);
    expect(xs.filter((x) => x < 0).every((x) => predictGlm(m, [x]) < 0.1)).toBe(true);
    expect(predictGlm(m, [0])).toBeCloseTo(0.5, 6);
  });

  it('recovers a Poisson rate: with one binary feature the fitted means are the group means', () => {
    // x = 0: counts 1, 1, 2, 0 (mean 1); x = 1: counts 4, 2, 3, 3 (mean 3). Unpenalised, the MLE is the group means.
    const x = Float64Array.of(0, 0, 0, 0, 1, 1, 1, 1), y = Float64Array.of(1, 1, 2, 0, 4, 2, 3, 3);
    const m = fitGlm('log', { x, n: 8, d: 1 }, y, { ridge: 0 });
    expect(Array.from(predictAll(m, { x: Float64Array.of(0, 1), n: 2, d: 1 })).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([1, 3]);
  });
});

describe('lead-signal features', () => {
  it('sees only the buckets before the decision minute', () => {
    const b = { resourceId: 'r', bytes: 0, packets: 0, flows: 1, peers: 1, newPeers: 1, dhcpBytes: 0, tftpPackets: 0, tftpBytes: 0, dnsPackets: 0, dnsBytes: 0, provPackets: 0, provBytes: 0 };
    const g = telemetryGrid([{ ...b, bucketMs: 120_000, dhcpPackets: 4 }, { ...b, bucketMs: 300_000, dhcpPackets: 8 }], 'r', 0, 600_000);
    const d = featureDesign(g, [2, 3, 6]);
    const col = (name: string) => [0, 1, 2].map((i) => Math.round(d.x[i * d.d + LEAD_FEATURES.indexOf(name)]! * 1e9) / 1e9);
    expect(col('dhcpPackets_1m')).toEqual([0, Math.log1p(4), Math.log1p(8)].map((v) => Math.round(v * 1e9) / 1e9));
    expect(col('dhcpPackets_5m')).toEqual([0, Math.log1p(4), Math.log1p(12)].map((v) => Math.round(v * 1e9) / 1e9));
    expect(col('dhcpPackets_lag4')).toEqual([0, 0, Math.log1p(4)].map((v) => Math.round(v * 1e9) / 1e9));
  });

  it('counts allocations in the minutes after each decision', () => {
    const per = allocsPerMinute([
      { tMs: 61_000, resourceId: 'r', kind: 'alloc', key: 'a' }, { tMs: 62_000, resourceId: 'r', kind: 'alloc', key: 'b' },
      { tMs: 200_000, resourceId: 'r', kind: 'alloc', key: 'c' }, { tMs: 200_000, resourceId: 'q', kind: 'alloc', key: 'd' },
      { tMs: 250_000, resourceId: 'r', kind: 'release', key: 'a' },
    ], 'r', 0, 5);
    expect(Array.from(per)).toEqual([0, 2, 0, 1, 0]);
    expect(Array.from(windowCounts(per, [0, 1, 2, 4], 0, 2))).toEqual([2, 2, 1, 0]);
    expect(Array.from(anyOf(windowCounts(per, [0, 1, 2, 4], 1, 2)))).toEqual([1, 0, 1, 0]);
  });
});

describe('lead-signal counts and ETA', () => {
  it('states a hurdle Poisson that keeps P(N ≥ 1) and the mean', () => {
    const sure = hurdleCdf(1, 1);
    expect([0, 1, 2].map(sure)).toEqual([0, 1, 1]);
    const half = hurdleCdf(0.5, 1); // given N ≥ 1, N − 1 ~ Poisson(1)
    expect(half(0)).toBe(0.5);
    expect(half(1)).toBeCloseTo(0.5 + 0.5 * Math.exp(-1), 15);
    expect(half(2)).toBeCloseTo(0.5 + Math.exp(-1), 15);
  });

  it('places the ETA between the 25th and 75th percentile of the first arrival', () => {
    // Cumulative hazard 0.1, 0.3, 1.3, 1.8 → P(first ≤ j) 0.095, 0.259, 0.727, 0.835.
    expect(etaFromRates([0.1, 0.2, 1, 0.5])).toEqual({ fromMin: 1, toMin: 4 });
    expect(etaFromRates([0.1, 0.1])).toBeNull();
  });
});

describe('lead-signal model on the boot-storm scenario (seed 1, 4 days; train days 0–2, test days 2–4)', () => {
  const days = 4, trace = simulate(scenario('boot-storms', 1, days)), split = 2 * 86_400_000;
  const hist = (from: number, to: number) => trace.resources.map((r) => leadHistory(trace.events, trace.telemetry, r.id, trace.startMs, trace.endMs, from, to));
  const heldOutAuc = (h: number) => {
    const model = fitLeadModel(hist(15 * 60_000, split - h * 60_000), { horizonMin: h, ridge: 1 });
    const p: number[] = [], y: number[] = [];
    for (const x of hist(split, trace.endMs - h * 60_000)) {
      const yy = anyOf(windowCounts(x.allocs, x.times, 0, h));
      x.times.forEach((t, i) => { p.push(predictLead(model, x.grid, t).pAny); y.push(yy[i]!); });
    }
    return auc(p, y);
  };

  it('ranks held-out minutes with an allocation within 2 minutes above the rest: AUC 0.990', () => {
    expect(heldOutAuc(2)).toBeGreaterThan(0.98);
  });

  it('within 5 minutes (boots not started yet are invisible): AUC 0.931', () => {
    expect(heldOutAuc(5)).toBeGreaterThan(0.92);
  });
});
