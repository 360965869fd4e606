/**
 * @module Causal one-step-ahead Kalman path for backtests: at each step, the predictive mean and level variance
 * formed before that step's value is seen, with params picked on a warm-up prefix only (no hindsight).
 */
import { diffVariance } from './kalman';
import { initState, kalmanStep, runKalman, type KalmanParams } from './kalman-filter';

/** Predictions made before each step: level mean, level variance, and the chosen noise params. */
export interface OneStepPath {
  mean: Float64Array;
  levelVar: Float64Array;
  qLevel: number;
  r: number;
}

/** Picks q/r for a local level on `y[0..warmup)` by likelihood, then filters all of `y` recording predictions. */
export function kalmanOneStepPath(y: Float64Array, warmup: number, ratios = [0.01, 0.05, 0.2, 1, 5]): OneStepPath {
  const head = y.subarray(0, Math.max(2, Math.min(y.length, warmup)));
  const v = diffVariance(head);
  let best = { nll: Infinity, q: v / 3, r: v / 3 };
  for (const ratio of ratios) {
    const r = v / (2 + ratio), q = r * ratio;
    const s = runKalman([head], { qLevel: Float64Array.of(q), qSlope: Float64Array.of(0), r: Float64Array.of(r) });
    if (s.nll[0]! < best.nll) best = { nll: s.nll[0]!, q, r };
  }
  const prm: KalmanParams = { qLevel: Float64Array.of(best.q), qSlope: Float64Array.of(0), r: Float64Array.of(best.r) };
  const s = initState(1);
  s.level[0] = head[0] ?? 0;
  s.p00[0] = best.q + best.r;
  const mean = new Float64Array(y.length), levelVar = new Float64Array(y.length);
  for (let t = 0; t < y.length; t++) {
    mean[t] = s.level[0]!;
    levelVar[t] = s.p00[0]! + best.q;
    kalmanStep(s, 0, y[t]!, best.q, 0, best.r);
  }
  return { mean, levelVar, qLevel: best.q, r: best.r };
}

/** Mean and variance of the sum of the next `w` observations from a predicted level (mean m, variance p). */
export function windowSum(m: number, p: number, q: number, r: number, w: number): { mean: number; variance: number } {
  return { mean: w * m, variance: w * w * p + (q * (w - 1) * w * (2 * w - 1)) / 6 + w * r };
}
