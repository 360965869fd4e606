/**
 * @module The window count's distribution conditional on the model's expected count: the training minutes sorted by
 * their out-of-fold expected count and cut into bins of at least `minPerBin` minutes, each bin keeping the empirical
 * pmf of the counts that followed. A new minute reads the pmf of the bin its expected count falls in, so the shape
 * (clumps, overdispersion, many zeros) is learnt rather than assumed as in the hurdle Poisson.
 */

/** Bins of the expected count, ascending: bin i holds scores up to `upper[i]` (the last bin everything above). */
export interface ConditionalCounts {
  upper: Float64Array;
  pmfs: Float64Array[];
}

function pmfOf(counts: ArrayLike<number>, idx: readonly number[], maxCount: number): Float64Array {
  let hi = 0;
  for (const i of idx) hi = Math.max(hi, Math.min(maxCount, Math.max(0, Math.round(counts[i]!))));
  const pmf = new Float64Array(hi + 1);
  for (const i of idx) pmf[Math.min(maxCount, Math.max(0, Math.round(counts[i]!)))]! += 1 / idx.length;
  return pmf;
}

/** Fits the bins on (expected count, observed count) pairs; tied scores never straddle two bins. */
export function fitConditionalCounts(score: ArrayLike<number>, counts: ArrayLike<number>, minPerBin = 250, maxCount = 1000): ConditionalCounts {
  if (score.length !== counts.length) throw new Error(`fitConditionalCounts: ${score.length} scores but ${counts.length} counts`);
  if (score.length === 0) return { upper: Float64Array.of(Infinity), pmfs: [Float64Array.of(1)] };
  const order = Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  const cuts: number[] = [];
  for (let i = Math.max(1, minPerBin); i < order.length; i++) {
    const from = cuts.length ? cuts[cuts.length - 1]! : 0;
    if (i - from >= minPerBin && order.length - i >= minPerBin && score[order[i]!]! > score[order[i - 1]!]!) cuts.push(i);
  }
  const bounds = [0, ...cuts, order.length];
  const upper: number[] = [], pmfs: Float64Array[] = [];
  for (let b = 0; b + 1 < bounds.length; b++) {
    const idx = order.slice(bounds[b]!, bounds[b + 1]!);
    upper.push(b + 2 < bounds.length ? score[idx[idx.length - 1]!]! : Infinity);
    pmfs.push(pmfOf(counts, idx, maxCount));
  }
  return { upper: Float64Array.from(upper), pmfs };
}

/** The pmf (index = count) of the bin that `score` falls in. */
export function conditionalPmf(c: ConditionalCounts, score: number): Float64Array {
  let lo = 0, hi = c.upper.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (score <= c.upper[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return c.pmfs[lo]!;
}

/** One fit per contiguous block of rows, each on the other blocks, so row i's pmf never counts row i's own outcome. */
export function fitOutOfFoldCounts(score: ArrayLike<number>, counts: ArrayLike<number>, folds: number, minPerBin = 250): (i: number) => ConditionalCounts {
  const k = Math.max(2, Math.floor(folds)), n = score.length, fits: ConditionalCounts[] = [];
  const outside = (x: ArrayLike<number>, lo: number, hi: number) => Array.from(x).filter((_, j) => j < lo || j >= hi);
  for (let f = 0; f < k; f++) {
    const a = Math.floor((f * n) / k), b = Math.floor(((f + 1) * n) / k);
    fits.push(fitConditionalCounts(outside(score, a, b), outside(counts, a, b), minPerBin));
  }
  return (i) => {
    let f = 0;
    while (f < k - 1 && i >= Math.floor(((f + 1) * n) / k)) f++;
    return fits[f]!;
  };
}
