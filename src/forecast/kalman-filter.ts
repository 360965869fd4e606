/**
 * @module Local level / local linear trend Kalman filter, vectorised across series over Float64Arrays. State is
 * [level, slope] with covariance [[P00, P01], [P01, P11]]; NaN observations are gaps (predict only).
 */

/** Per-series noise variances: level (qLevel), slope (qSlope, 0 for local level) and observation (r). */
export interface KalmanParams {
  qLevel: Float64Array;
  qSlope: Float64Array;
  r: Float64Array;
}

/** Filtered state per series after the last observation, and each series' Gaussian negative log-likelihood (×2, no constant). */
export interface KalmanState {
  level: Float64Array;
  slope: Float64Array;
  p00: Float64Array;
  p01: Float64Array;
  p11: Float64Array;
  nll: Float64Array;
}

/** A prior for every series: filtering starts at t = 0 from it (otherwise from each series' first value). */
export interface KalmanPrior {
  level: Float64Array;
  slope: Float64Array;
  p00: Float64Array;
  p11: Float64Array;
}

/** A zeroed state for `n` series. */
export function initState(n: number): KalmanState {
  return { level: new Float64Array(n), slope: new Float64Array(n), p00: new Float64Array(n), p01: new Float64Array(n), p11: new Float64Array(n), nll: new Float64Array(n) };
}

/** Filters every series through its params; series may differ in length. */
export function runKalman(series: readonly Float64Array[], prm: KalmanParams, prior?: KalmanPrior): KalmanState {
  const n = series.length, s = initState(n);
  const start = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (prior) {
      s.level[i] = prior.level[i]!; s.slope[i] = prior.slope[i]!; s.p00[i] = prior.p00[i]!; s.p11[i] = prior.p11[i]!;
      continue;
    }
    const y = series[i]!;
    let j = 0;
    while (j < y.length && !Number.isFinite(y[j]!)) j++;
    s.level[i] = j < y.length ? y[j]! : 0;
    s.p00[i] = prm.r[i]! + prm.qLevel[i]!;
    s.p11[i] = prm.qSlope[i]! > 0 ? s.p00[i]! : 0;
    start[i] = j + 1;
  }
  const len = series.reduce((m, y) => Math.max(m, y.length), 0);
  for (let t = 0; t < len; t++) {
    for (let i = 0; i < n; i++) {
      const y = series[i]!;
      if (t < start[i]! || t >= y.length) continue;
      kalmanStep(s, i, y[t]!, prm.qLevel[i]!, prm.qSlope[i]!, prm.r[i]!);
    }
  }
  return s;
}

/** One predict + update for series `i` (a NaN `y` predicts only); adds to its likelihood. */
export function kalmanStep(s: KalmanState, i: number, y: number, qL: number, qB: number, r: number): void {
  const b = s.slope[i]!, l = s.level[i]! + b;
  const p00 = s.p00[i]! + 2 * s.p01[i]! + s.p11[i]! + qL, p01 = s.p01[i]! + s.p11[i]!, p11 = s.p11[i]! + qB;
  if (!Number.isFinite(y)) {
    s.level[i] = l; s.p00[i] = p00; s.p01[i] = p01; s.p11[i] = p11;
    return;
  }
  const S = p00 + r, k0 = p00 / S, k1 = p01 / S, v = y - l;
  s.level[i] = l + k0 * v;
  s.slope[i] = b + k1 * v;
  s.p00[i] = (1 - k0) * p00;
  s.p01[i] = (1 - k0) * p01;
  s.p11[i] = p11 - k1 * p01;
  s.nll[i]! += Math.log(S) + (v * v) / S;
}

/** h-step predictive mean and variance (of the observation) for series `i` from a filtered state. */
export function projectKalman(s: KalmanState, prm: KalmanParams, i: number, h: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(h), variance = new Float64Array(h);
  let p00 = s.p00[i]!, p01 = s.p01[i]!, p11 = s.p11[i]!;
  for (let k = 0; k < h; k++) {
    p00 = p00 + 2 * p01 + p11 + prm.qLevel[i]!;
    p01 = p01 + p11;
    p11 = p11 + prm.qSlope[i]!;
    mean[k] = s.level[i]! + (k + 1) * s.slope[i]!;
    variance[k] = p00 + prm.r[i]!;
  }
  return { mean, variance };
}
