import { countQuantile, toShadowEntry } from './shadow-entry';

describe('shadow entry', () => {
  it('summarises a forecast of 0.5 allocations per minute over 4 minutes', () => {
    const f = { mean: Float64Array.of(0.5, 0.5, 0.5, 0.5), variance: Float64Array.of(0.5, 0.5, 0.5, 0.5), model: 'kalman-level' };
    const e = toShadowEntry(f, { resourceId: 'g', asOfMs: 0, stepMs: 60_000, horizonSteps: 4, resourceType: 'group', levels: [0.5, 0.9] });
    // Total: mean 2, variance 2. P(any) = 1 − e⁻²; median ⌈2 − ½⌉ = 2; 90%: ⌈2 + 1.2816·√2 − ½⌉ = ⌈3.312⌉ = 4.
    // ETA: cumulative P reaches 0.25 in minute 1 (1 − e^−0.5 = 0.39) and 0.75 in minute 3 (1 − e^−1.5 = 0.78).
    expect(e).toEqual({
      resourceId: 'g', asOfMs: 0, horizonMs: 240_000, pAny: 1 - Math.exp(-2),
      quantiles: [{ p: 0.5, count: 2 }, { p: 0.9, count: 4 }],
      eta: { fromMs: 0, toMs: 180_000 }, resourceType: 'group', expectedBandwidthBps: null, model: 'kalman-level', validUntilMs: 60_000,
    });
  });

  it('gives no ETA when an allocation is unlikely, and never a negative count', () => {
    const f = { mean: Float64Array.of(0.01, -0.2), variance: Float64Array.of(0.01, 0.01), model: 'm' };
    expect(toShadowEntry(f, { resourceId: 'g', asOfMs: 0, stepMs: 60_000, horizonSteps: 2, resourceType: 'group' }).eta).toBeNull();
    expect(countQuantile(-3, 1, 0.5)).toBe(0);
  });
});
