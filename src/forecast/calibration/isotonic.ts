/**
 * @module Isotonic regression by pool-adjacent-violators: a non-decreasing step map from raw scores to calibrated
 * probabilities, fitted on held-out (score, outcome) pairs.
 */

/** A fitted isotonic map: block starts (ascending scores) and each block's calibrated value. */
export interface IsotonicMap {
  thresholds: Float64Array;
  values: Float64Array;
}

/**
 * Fits the weighted least-squares non-decreasing fit of `y` on `x` (ties in x pooled first). With `minWeight`, blocks
 * lighter than it are then merged into the neighbour with the nearer value (still non-decreasing) unless the two differ
 * by more than two standard errors of 0/1 outcomes, so no stated value rests on a handful of outcomes that could be
 * noise, while a rare but certain event keeps its own block.
 */
export function fitIsotonic(x: ArrayLike<number>, y: ArrayLike<number>, w?: ArrayLike<number>, minWeight = 0): IsotonicMap {
  if (x.length !== y.length) throw new Error(`fitIsotonic: ${x.length} scores but ${y.length} outcomes`);
  const order = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const xs: number[] = [], sums: number[] = [], ws: number[] = [];
  for (const i of order) {
    const wi = w ? w[i]! : 1;
    if (xs.length && xs[xs.length - 1] === x[i]) { sums[sums.length - 1]! += wi * y[i]!; ws[ws.length - 1]! += wi; }
    else { xs.push(x[i]!); sums.push(wi * y[i]!); ws.push(wi); }
  }
  const start: number[] = [], sum: number[] = [], wt: number[] = [];
  for (let k = 0; k < xs.length; k++) {
    start.push(xs[k]!); sum.push(sums[k]!); wt.push(ws[k]!);
    while (sum.length > 1 && sum[sum.length - 2]! / wt[wt.length - 2]! >= sum[sum.length - 1]! / wt[wt.length - 1]!) {
      const s = sum.pop()!, v = wt.pop()!;
      start.pop();
      sum[sum.length - 1]! += s;
      wt[wt.length - 1]! += v;
    }
  }
  mergeLight(start, sum, wt, minWeight);
  return { thresholds: Float64Array.from(start), values: Float64Array.from(sum, (s, k) => s / wt[k]!) };
}

function mergeLight(start: number[], sum: number[], wt: number[], minWeight: number): void {
  const settled = new Set<number>();
  while (start.length > 1) {
    let k = -1;
    for (let i = 0; i < wt.length; i++) if (wt[i]! < minWeight && !settled.has(start[i]!) && (k < 0 || wt[i]! < wt[k]!)) k = i;
    if (k < 0) return;
    const v = (i: number) => sum[i]! / wt[i]!;
    const j = k === 0 ? 1 : k === wt.length - 1 ? k - 1 : v(k) - v(k - 1) <= v(k + 1) - v(k) ? k - 1 : k + 1;
    // Keep a light block whose value differs from its neighbour's by more than two standard errors (rare but sure events).
    const pooled = (sum[k]! + sum[j]!) / (wt[k]! + wt[j]!), se = Math.sqrt(Math.max(0, pooled * (1 - pooled)) * (1 / wt[k]! + 1 / wt[j]!));
    if (Math.abs(v(k) - v(j)) > 2 * se) { settled.add(start[k]!); continue; }
    const [a, b] = j < k ? [j, k] : [k, j];
    sum[a]! += sum[b]!; wt[a]! += wt[b]!;
    settled.delete(start[a]!);
    start.splice(b, 1); sum.splice(b, 1); wt.splice(b, 1);
  }
}

/** The calibrated value of a score: the value of the last block starting at or below it (the first block below all). */
export function applyIsotonic(m: IsotonicMap, score: number): number {
  let lo = 0, hi = m.thresholds.length - 1;
  if (hi < 0) return score;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (m.thresholds[mid]! <= score) lo = mid;
    else hi = mid - 1;
  }
  return m.values[lo]!;
}
