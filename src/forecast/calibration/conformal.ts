/**
 * @module Split-conformal interval calibration: from backtest scores |error| / predictive sd, each level's interval
 * becomes mean ± q·sd where q is the finite-sample conformal quantile of the scores, per model (pooled when a model
 * has too few scores), so the empirical coverage of the 80% and 95% intervals holds on exchangeable errors.
 */
import { normQuantile } from '../normal';
import type { SeriesForecast } from '../types';

/** The interval levels the forecast CSV reports. */
export const INTERVAL_LEVELS = [0.8, 0.95] as const;

/** Per level: the multiplier of the predictive sd, by model name and pooled over all models. */
export interface ConformalCalibration {
  byModel: Map<string, Map<number, number>>;
  pooled: Map<number, number>;
}

/** The ⌈(n+1)·level⌉-th smallest score (the largest when that rank exceeds n); NaN without scores. */
export function conformalQuantile(scores: readonly number[], level: number): number {
  if (!scores.length) return NaN;
  const sorted = Float64Array.from(scores).sort();
  const rank = Math.min(sorted.length, Math.ceil((sorted.length + 1) * level));
  return sorted[Math.max(0, rank - 1)]!;
}

function multipliers(scores: readonly number[], levels: readonly number[]): Map<number, number> {
  return new Map(levels.map((l) => [l, conformalQuantile(scores, l)]));
}

/** Fits multipliers from scores by model; models with fewer than `minScores` scores use the pooled ones. */
export function fitConformal(byModel: ReadonlyMap<string, readonly number[]>, levels: readonly number[] = INTERVAL_LEVELS, minScores = 30): ConformalCalibration {
  const all = [...byModel.values()].flat();
  const cal: ConformalCalibration = { byModel: new Map(), pooled: all.length >= minScores ? multipliers(all, levels) : new Map() };
  for (const [model, s] of byModel) if (s.length >= minScores) cal.byModel.set(model, multipliers(s, levels));
  return cal;
}

/** The sd multiplier for `model` at `level`: calibrated when known, else the Gaussian z (no calibration). */
export function intervalMultiplier(cal: ConformalCalibration | undefined, model: string, level: number): number {
  const q = cal?.byModel.get(model)?.get(level) ?? cal?.pooled.get(level);
  return q !== undefined && Number.isFinite(q) ? q : normQuantile((1 + level) / 2);
}

/** Central `level` interval per step with the calibrated multiplier, floored at zero like `forecastInterval`. */
export function calibratedInterval(f: SeriesForecast, level: number, cal?: ConformalCalibration): { lo: Float64Array; hi: Float64Array } {
  const q = intervalMultiplier(cal, f.model, level);
  const sd = f.variance.map((v) => Math.sqrt(Math.max(0, v)));
  return { lo: f.mean.map((m, i) => Math.max(0, m - q * sd[i]!)), hi: f.mean.map((m, i) => Math.max(0, m + q * sd[i]!)) };
}

/** Share of finite actuals inside the interval (NaN when there are none). */
export function coverage(lo: ArrayLike<number>, hi: ArrayLike<number>, actual: ArrayLike<number>): number {
  let inside = 0, n = 0;
  for (let i = 0; i < actual.length; i++) {
    if (!Number.isFinite(actual[i]!)) continue;
    n++;
    if (actual[i]! >= lo[i]! && actual[i]! <= hi[i]!) inside++;
  }
  return n ? inside / n : NaN;
}
