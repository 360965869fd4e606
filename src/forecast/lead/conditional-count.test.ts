import { seededRandom } from '../../core/random';
import { pmfQuantile } from '../../allocate/lead-decider';
import { hurdleCdf } from './count';
import { conditionalPmf, fitConditionalCounts, fitOutOfFoldCounts } from './conditional-count';

const arr = (a: Float64Array) => Array.from(a, (v) => Math.round(v * 1e12) / 1e12);

describe('conditional count pmf', () => {
  it('cuts sorted scores into bins of at least minPerBin, never splitting ties, and keeps each bin\'s pmf', () => {
    // Sorted scores 1, 2, 2, 2, 3, 4 with counts 0, 1, 1, 3, 0, 2: a cut after 2 rows would split the tied 2s, so
    // the first bin takes 1–2 (four rows); the remaining two rows make the last bin.
    const c = fitConditionalCounts([2, 1, 4, 2, 3, 2], [1, 0, 2, 1, 0, 3], 2);
    expect(Array.from(c.upper)).toEqual([2, Infinity]);
    expect(c.pmfs.map(arr)).toEqual([[0.25, 0.5, 0, 0.25], [0.5, 0, 0.5]]);
    expect([0, 2, 2.5, 99].map((s) => arr(conditionalPmf(c, s)).length)).toEqual([4, 4, 3, 3]);
  });

  it('merges a short tail into the last full bin and handles no data', () => {
    const c = fitConditionalCounts([1, 2, 3, 4, 5], [0, 0, 1, 1, 1], 2);
    expect(Array.from(c.upper)).toEqual([2, Infinity]);
    expect(c.pmfs.map(arr)).toEqual([[1], [0, 1]]);
    expect(arr(conditionalPmf(fitConditionalCounts([], []), 3))).toEqual([1]);
    expect(() => fitConditionalCounts([1], [])).toThrow('1 scores but 0 counts');
  });

  it('fits each contiguous block out of fold, so a row never reads a pmf that holds its own outcome', () => {
    // Rows 0–3 all score 1; rows 0–1 saw 0 allocations, rows 2–3 saw 2. Two folds: rows 0–1 read rows 2–3 and vice versa.
    const f = fitOutOfFoldCounts([1, 1, 1, 1], [0, 0, 2, 2], 2, 1);
    expect([0, 1, 2, 3].map((i) => arr(conditionalPmf(f(i), 1)))).toEqual([[0, 0, 1], [0, 0, 1], [1], [1]]);
  });

  it('recovers a clumped count distribution the hurdle Poisson cannot represent', () => {
    // Seeded: score x uniform on [0, 1); the count is 5 with probability x, else 0 (whole clumps, never 1–4).
    const u = seededRandom(7), x: number[] = [], n: number[] = [];
    for (let i = 0; i < 20_000; i++) { const s = u(); x.push(s); n.push(u() < s ? 5 : 0); }
    const c = fitConditionalCounts(x, n, 1000);
    expect(c.upper.length).toBe(20);
    const hi = conditionalPmf(c, 0.9), lo = conditionalPmf(c, 0.2);
    // Bin around 0.9 (0.85–0.90): P(5) ≈ 0.875 ± 0.05 and nothing between 1 and 4.
    expect(Math.abs(hi[5]! - 0.875)).toBeLessThan(0.05);
    expect(hi.slice(1, 5).every((v) => v === 0)).toBe(true);
    expect([pmfQuantile(hi, 0.5), pmfQuantile(hi, 0.95), pmfQuantile(lo, 0.5), pmfQuantile(lo, 0.9)]).toEqual([5, 5, 0, 5]);
    // The hurdle Poisson with the same P(any) and mean puts its median at 4, one address short of the clump.
    let k = 0;
    const h = hurdleCdf(0.875, 0.875 * 5);
    while (h(k) < 0.5) k++;
    expect(k).toBe(4);
  });
});
