/** @module Checks a forecast before anyone uses it: finite means, finite non-negative variances, no blow-ups. */

/** Why a forecast is unusable, or null when it passes. `limit` is the series' maximum absolute value. */
export function invalidReason(mean: ArrayLike<number>, variance: ArrayLike<number>, h: number, limit: number): string | null {
  if (mean.length !== h || variance.length !== h) return `expected ${h} steps, got ${mean.length}/${variance.length}`;
  const cap = 10 * Math.max(limit, 1);
  for (let i = 0; i < h; i++) {
    const m = mean[i]!, v = variance[i]!;
    if (!Number.isFinite(m)) return `non-finite mean at step ${i + 1}`;
    if (!Number.isFinite(v) || v < 0) return `bad variance ${v} at step ${i + 1}`;
    if (Math.abs(m) > cap || Math.sqrt(v) > cap) return `blow-up at step ${i + 1} (> 10x series max)`;
  }
  return null;
}

/** Largest absolute finite value of a series (0 when empty). */
export function seriesMax(y: Float64Array): number {
  let m = 0;
  for (const x of y) if (Number.isFinite(x)) m = Math.max(m, Math.abs(x));
  return m;
}
