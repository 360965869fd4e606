/** @module The forecaster interface: per-series predictive means and variances, with quantiles and intervals from them. */
import { normQuantile } from './normal';

/** One series' forecast: Gaussian predictive mean and variance for steps 1..h, and the model that produced it. */
export interface SeriesForecast {
  mean: Float64Array;
  variance: Float64Array;
  model: string;
  /** Set when the requested model failed validation and another produced this forecast. */
  fallbackReason?: string;
}

/** Anything that forecasts many series at once (Kalman, SARIMA; later LSTM and the lead-signal model). */
export interface Forecaster {
  readonly name: string;
  forecast(series: readonly Float64Array[], horizon: number): SeriesForecast[];
}

/** The `p`-quantile of step `step` (0-based), floored at zero because counts are never negative. */
export function forecastQuantile(f: SeriesForecast, step: number, p: number): number {
  const m = f.mean[step] ?? NaN, v = f.variance[step] ?? NaN;
  return Math.max(0, m + Math.sqrt(Math.max(0, v)) * normQuantile(p));
}

/** Central `level` interval per step (e.g. 0.8 or 0.95), floored at zero. */
export function forecastInterval(f: SeriesForecast, level: number): { lo: Float64Array; hi: Float64Array } {
  const lo = f.mean.map((_, i) => forecastQuantile(f, i, (1 - level) / 2));
  const hi = f.mean.map((_, i) => forecastQuantile(f, i, (1 + level) / 2));
  return { lo, hi };
}

/** Mean and variance of the total over the first `steps` steps, treating step errors as independent. */
export function forecastTotal(f: SeriesForecast, steps: number): { mean: number; variance: number } {
  let mean = 0, variance = 0;
  for (let i = 0; i < Math.min(steps, f.mean.length); i++) {
    mean += f.mean[i]!;
    variance += Math.max(0, f.variance[i]!);
  }
  return { mean, variance };
}
