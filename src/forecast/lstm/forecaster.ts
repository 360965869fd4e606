/**
 * @module The LSTM as a `Forecaster`: one batched prediction for all series from the trained global model, each output
 * validated, and Kalman answering (with the reason) for series the LSTM cannot serve.
 */
import { kalmanForecaster } from '../kalman';
import { fillGaps } from '../sarima';
import type { Forecaster, SeriesForecast } from '../types';
import { invalidReason, seriesMax } from '../validate';
import { predictModel } from './model';
import type { TrainedLstm } from './train';
import { seriesScale, writeInput } from './windows';

/** Name in the CSV's model column. */
export const LSTM_MODEL = 'lstm';

function predictAll(t: TrainedLstm, series: readonly Float64Array[], ok: number[], h: number): SeriesForecast[] {
  const w = t.config.window, H = t.horizon;
  const x = new Float32Array(ok.length * w), level = new Float64Array(ok.length), scale = new Float64Array(ok.length);
  ok.forEach((i, r) => {
    const y = series[i]!;
    scale[r] = seriesScale(y);
    level[r] = writeInput(fillGaps(y.subarray(y.length - w)), w, w, scale[r]!, x, r * w);
  });
  const out = ok.length ? predictModel(t.model, x, ok.length, w) : new Float32Array(0);
  return ok.map((_, r) => ({
    mean: Float64Array.from({ length: h }, (_, k) => level[r]! + scale[r]! * out[r * H + k]!),
    variance: Float64Array.from({ length: h }, (_, k) => t.residualVar[k]! * scale[r]! ** 2),
    model: LSTM_MODEL,
  }));
}

function tooShort(y: Float64Array, w: number): string | null {
  if (y.length < w) return `series too short (${y.length} < ${w})`;
  return y.subarray(y.length - w).some(Number.isFinite) ? null : `no data in the last ${w} steps`;
}

/** Forecasts with a trained model; when training failed (`trained` is its reason) every series goes to `fallback`. */
export function lstmForecaster(trained: TrainedLstm | string, fallback: Forecaster = kalmanForecaster()): Forecaster {
  return {
    name: LSTM_MODEL,
    forecast(series, horizon): SeriesForecast[] {
      const res: Array<SeriesForecast | string> = series.map((y) => {
        if (typeof trained === 'string') return trained;
        if (horizon > trained.horizon) return `horizon ${horizon} above the trained ${trained.horizon}`;
        return tooShort(y, trained.config.window) ?? '';
      });
      const ok = res.flatMap((r, i) => (r === '' ? [i] : []));
      if (typeof trained !== 'string') {
        predictAll(trained, series, ok, horizon).forEach((f, r) => {
          const i = ok[r]!;
          res[i] = invalidReason(f.mean, f.variance, horizon, seriesMax(series[i]!)) ?? f;
        });
      }
      const failed = res.flatMap((r, i) => (typeof r === 'string' ? [i] : []));
      const fb = failed.length ? fallback.forecast(failed.map((i) => series[i]!), horizon) : [];
      const at = new Map(failed.map((i, k) => [i, k]));
      return res.map((r, i) => (typeof r === 'string' ? { ...fb[at.get(i)!]!, fallbackReason: r } : r));
    },
  };
}
