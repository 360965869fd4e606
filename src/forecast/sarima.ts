/**
 * @module SARIMA forecaster over npm `arima` with optimizer 5. Every output is validated (NaN, negative variance,
 * blow-ups above 10x the series maximum) and replaced by the fallback forecaster's, with the reason recorded.
 */
import { z } from 'zod';
import { arimaCtor, takeArimaOutput } from './arima-module';
import { kalmanForecaster } from './kalman';
import type { Forecaster, SeriesForecast } from './types';
import { invalidReason, seriesMax } from './validate';

/** SARIMA order and season; defaults are SARIMA(1,0,1)(1,1,1)s. */
export const SarimaOptionsSchema = z.object({
  p: z.number().int().min(0).max(5).default(1), d: z.number().int().min(0).max(2).default(0), q: z.number().int().min(0).max(5).default(1),
  P: z.number().int().min(0).max(2).default(1), D: z.number().int().min(0).max(1).default(1), Q: z.number().int().min(0).max(2).default(1),
  s: z.number().int().min(0).default(24),
  minSeasons: z.number().int().min(2).default(3),
});
/** SARIMA options as accepted. */
export type SarimaOptions = z.input<typeof SarimaOptionsSchema>;

/** Fills gaps by carrying the last value forward (leading gaps take the first value). */
export function fillGaps(y: Float64Array): number[] {
  const first = y.find((x) => Number.isFinite(x)) ?? 0;
  let last = first;
  return Array.from(y, (x) => (Number.isFinite(x) ? (last = x) : last));
}

function fitOne(y: Float64Array, h: number, o: z.output<typeof SarimaOptionsSchema>): SeriesForecast | string {
  const span = Math.max(o.s, 1) * o.minSeasons;
  if (y.length < Math.max(span, 10)) return `series too short (${y.length} < ${Math.max(span, 10)})`;
  const ts = fillGaps(y);
  if (ts.every((x) => x === ts[0])) return 'constant series';
  const Ctor = arimaCtor();
  const model = new Ctor({ p: o.p, d: o.d, q: o.q, P: o.P, D: o.D, Q: o.Q, s: o.s, method: 0, optimizer: 5, verbose: false });
  let said: string[] = [];
  try {
    const [mean, variance] = model.train(ts).predict(h);
    said = takeArimaOutput();
    const bad = invalidReason(mean, variance, h, seriesMax(y));
    if (bad) return said.length ? `${bad}; library said: ${said.join(' | ').slice(0, 200)}` : bad;
    return { mean: Float64Array.from(mean), variance: Float64Array.from(variance), model: `sarima(${o.p},${o.d},${o.q})(${o.P},${o.D},${o.Q})${o.s}` };
  } catch (err) {
    return `fit threw: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    model.destroy();
    takeArimaOutput();
  }
}

/** Builds the SARIMA forecaster; `fallback` (default Kalman local level) answers for series SARIMA cannot. */
export function sarimaForecaster(options: SarimaOptions = {}, fallback: Forecaster = kalmanForecaster()): Forecaster {
  const o = SarimaOptionsSchema.parse(options);
  return {
    name: 'sarima',
    forecast(series, horizon): SeriesForecast[] {
      const out = series.map((y) => fitOne(y, horizon, o));
      const failed = out.flatMap((r, i) => (typeof r === 'string' ? [i] : []));
      const fb = failed.length ? fallback.forecast(failed.map((i) => series[i]!), horizon) : [];
      return out.map((r, i) => (typeof r === 'string' ? { ...fb[failed.indexOf(i)]!, fallbackReason: r } : r));
    },
  };
}
