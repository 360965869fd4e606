/** @module Probability forecast checks: a reliability table per decile of stated probability, the Brier score and AUC. */

/** One bin of stated probability [lo, hi): how many forecasts, their mean, and the observed frequency. */
export interface ReliabilityBin {
  lo: number;
  hi: number;
  n: number;
  predicted: number;
  observed: number;
}

/** Bins forecasts by stated probability into `bins` equal-width bins (the last includes 1); empty bins are kept with n 0. */
export function reliabilityTable(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  const out = Array.from({ length: bins }, (_, b) => ({ lo: b / bins, hi: (b + 1) / bins, n: 0, predicted: 0, observed: 0 }));
  for (let i = 0; i < p.length; i++) {
    const b = out[Math.min(bins - 1, Math.max(0, Math.floor(p[i]! * bins)))]!;
    b.n++; b.predicted += p[i]!; b.observed += y[i]!;
  }
  for (const b of out) if (b.n) { b.predicted /= b.n; b.observed /= b.n; }
  return out;
}

/** Largest |predicted − observed| over bins holding at least `minN` forecasts. */
export function maxCalibrationGap(table: readonly ReliabilityBin[], minN = 1): number {
  return table.filter((b) => b.n >= minN).reduce((m, b) => Math.max(m, Math.abs(b.predicted - b.observed)), 0);
}

/** Mean squared error of probabilities against 0/1 outcomes. */
export function brierScore(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i]! - y[i]!) ** 2;
  return p.length ? s / p.length : 0;
}

/** Area under the ROC curve (Mann–Whitney, ties count one half); NaN if either class is empty. */
export function auc(p: ArrayLike<number>, y: ArrayLike<number>): number {
  const idx = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[a]! - p[b]!);
  let rankSumPos = 0, pos = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j < idx.length && p[idx[j]!] === p[idx[i]!]) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (y[idx[k]!]! > 0) { rankSumPos += rank; pos++; }
    i = j;
  }
  const neg = p.length - pos;
  return pos && neg ? (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg) : NaN;
}

/** The 95% (or z-level) Wilson score interval of a binomial rate with `k` successes in `n` trials ([0, 1] if n is 0). */
export function wilsonInterval(k: number, n: number, z = 1.959964): { lo: number; hi: number } {
  if (n <= 0) return { lo: 0, hi: 1 };
  const p = k / n, z2 = z * z, d = 1 + z2 / n, c = (p + z2 / (2 * n)) / d, h = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / d;
  return { lo: Math.max(0, c - h), hi: Math.min(1, c + h) };
}
