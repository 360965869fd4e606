/**
 * @module Kalman forecaster: picks each series' signal-to-noise ratio from a small grid by likelihood, running the
 * vectorised filter once per grid point across all series.
 */
import { z } from 'zod';
import { projectKalman, runKalman, type KalmanParams, type KalmanState } from './kalman-filter';
import type { Forecaster, SeriesForecast } from './types';

/** Kalman forecaster options: local level or local linear trend, and the grid of q/r ratios tried. */
export const KalmanOptionsSchema = z.object({
  trend: z.boolean().default(false),
  ratios: z.array(z.number().positive()).min(1).default([0.01, 0.05, 0.2, 1, 5]),
  slopeShare: z.number().nonnegative().default(0.01),
});
/** Kalman options as accepted. */
export type KalmanOptions = z.input<typeof KalmanOptionsSchema>;

/** Variance of first differences, ignoring gaps; a small floor keeps constant series well posed. */
export function diffVariance(y: Float64Array): number {
  let n = 0, sum = 0, sq = 0;
  for (let t = 1; t < y.length; t++) {
    const d = y[t]! - y[t - 1]!;
    if (!Number.isFinite(d)) continue;
    n++; sum += d; sq += d * d;
  }
  return Math.max(1e-6, n > 1 ? (sq - (sum * sum) / n) / (n - 1) : 1);
}

function paramsFor(v: Float64Array, ratio: number, slopeShare: number, trend: boolean): KalmanParams {
  const r = v.map((x) => x / (2 + ratio));
  const qLevel = r.map((x) => x * ratio);
  return { qLevel, qSlope: trend ? qLevel.map((x) => x * slopeShare) : new Float64Array(v.length), r };
}

/** Builds the Kalman forecaster. */
export function kalmanForecaster(options: KalmanOptions = {}): Forecaster {
  const o = KalmanOptionsSchema.parse(options);
  const name = o.trend ? 'kalman-trend' : 'kalman-level';
  return {
    name,
    forecast(series, horizon): SeriesForecast[] {
      const v = Float64Array.from(series, diffVariance);
      let best: { s: KalmanState; p: KalmanParams }[] = [];
      for (const ratio of o.ratios) {
        const p = paramsFor(v, ratio, o.slopeShare, o.trend);
        const s = runKalman(series, p);
        best = series.map((_, i) => (best[i] && best[i]!.s.nll[i]! <= s.nll[i]! ? best[i]! : { s, p }));
      }
      return best.map(({ s, p }, i) => ({ ...projectKalman(s, p, i, horizon), model: name }));
    },
  };
}
