import { clumpPmf, convolve, leadDecider, pmfQuantile, poissonPmf, remainingPmf } from './lead-decider';

const arr = (a: Float64Array) => Array.from(a, (v) => Math.round(v * 1e12) / 1e12);

describe('lead decider pieces', () => {
  it('learns the clump-size pmf from busy minutes only', () => {
    expect(arr(clumpPmf([0, 1, 0, 3, 1, 0, 3, 3]))).toEqual([0, 0.4, 0, 0.6]);
    expect(arr(clumpPmf([]))).toEqual([0, 1]);
  });

  it('updates the clump posterior on arrivals seen part-way through a minute', () => {
    // Prior: N = 1 or 3 with ½ each. One seen by half the minute: weights ½·1·½ and ½·3·½·¼ → 4/7 and 3/7.
    expect(arr(remainingPmf(Float64Array.of(0, 0.5, 0, 0.5), 1, 0.5))).toEqual(arr(Float64Array.of(4 / 7, 0, 3 / 7)));
    // Two seen rules out N = 1 and N = 2 has no mass: all remaining mass on one more (index = count still to come).
    expect(arr(remainingPmf(Float64Array.of(0, 0.5, 0, 0.5), 2, 0.5))).toEqual([0, 1]);
  });

  it('convolves pmfs and reads quantiles', () => {
    expect(arr(convolve(Float64Array.of(0.5, 0.5), Float64Array.of(0.5, 0.5)))).toEqual([0.25, 0.5, 0.25]);
    expect([0.25, 0.5, 0.75, 0.76].map((l) => pmfQuantile(Float64Array.of(0.25, 0.5, 0.25), l))).toEqual([0, 1, 1, 2]);
    expect(poissonPmf(2)[2]).toBeCloseTo(2 * Math.exp(-2), 12);
  });

  it('sizes at the tick, tops up after an allocation inside it, and never drops inside it', () => {
    const d = leadDecider(() => ({ p: 0.9, rates: [0.5, 0.5], expected: 1 }), { startMs: 0, tickMs: 60_000, latencyMs: 60_000, level: 0.5, threshold: 0.1, clump: Float64Array.of(0, 0, 0, 1) });
    // Tick: hurdle p 0.9, mean 1 → P(N=0) = 0.1, P(N=1) = 0.9 (extras Poisson(1/0.9 − 1)) ≥ 0.5 → 1.
    expect(d.decide({ tMs: 0, used: 0, ready: 0, pending: 0 })).toBe(1);
    // One allocation at 30 s: clumps are of 3, so 2 more this minute; the next minute adds Poisson(0.5) (median 0).
    expect(d.decide({ tMs: 30_000, used: 1, ready: 0, pending: 0 })).toBe(2);
    expect(d.decide({ tMs: 40_000, used: 1, ready: 5, pending: 0 })).toBe(0);
  });

  it('sizes the tick from the learnt pmf when the prediction carries one', () => {
    // p 0.8, mean 2.4: the hurdle (extras Poisson(2)) has P(N ≤ 2) = 0.2 + 0.8·3e⁻² ≈ 0.52, so it holds 2 at level 0.5;
    // the learnt pmf says whole clumps of 3 (P = 0.8), so 3.
    const o = { startMs: 0, tickMs: 60_000, latencyMs: 60_000, level: 0.5, threshold: 0.1, clump: Float64Array.of(0, 1) };
    const hurdle = leadDecider(() => ({ p: 0.8, rates: [1.2, 1.2], expected: 2.4 }), o);
    expect(hurdle.decide({ tMs: 0, used: 0, ready: 0, pending: 0 })).toBe(2);
    const withPmf = leadDecider(() => ({ p: 0.8, rates: [1.2, 1.2], expected: 2.4, pmf: Float64Array.of(0.2, 0, 0, 0.8) }), o);
    expect(withPmf.decide({ tMs: 0, used: 0, ready: 0, pending: 0 })).toBe(3);
    // Below the threshold nothing is held, whatever the pmf says.
    const quiet = leadDecider(() => ({ p: 0.05, rates: [0, 0], expected: 0.15, pmf: Float64Array.of(0.95, 0, 0, 0.05) }), { ...o, level: 0.99 });
    expect(quiet.decide({ tMs: 0, used: 0, ready: 0, pending: 0 })).toBe(0);
  });
});
