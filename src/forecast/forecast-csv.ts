/** @module `ipshadow forecast`: point forecasts with 80% and 95% intervals for many series, as CSV. */
import { kalmanForecaster } from './kalman';
import { sarimaForecaster } from './sarima';
import { forecastInterval, type Forecaster } from './types';
import type { GridSeries } from './series-csv';

/** Models the command offers. */
export type ForecastModel = 'auto' | 'kalman' | 'sarima';

/** Header of the output CSV. */
export const FORECAST_CSV_HEADER = 'series,step,timestamp,mean,lo80,hi80,lo95,hi95,model,note';

/** The forecaster for a model name; `auto` is SARIMA where a season fits, falling back to Kalman per series. */
export function forecasterFor(model: ForecastModel, season: number): Forecaster {
  if (model === 'kalman') return kalmanForecaster({ trend: false });
  return sarimaForecaster({ s: season }, kalmanForecaster({ trend: false }));
}

const num = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1e6) / 1e6) : '');
const csvText = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Forecasts `series` in batches and yields CSV lines (no header); `onBatch` reports progress. */
export function* forecastCsvLines(series: readonly GridSeries[], horizon: number, forecaster: Forecaster, onBatch?: (done: number) => void, batch = 200): Generator<string> {
  for (let i = 0; i < series.length; i += batch) {
    const chunk = series.slice(i, i + batch);
    const results = forecaster.forecast(chunk.map((s) => s.values), horizon);
    for (let k = 0; k < chunk.length; k++) {
      const s = chunk[k]!;
      const f = results[k]!;
      const i80 = forecastInterval(f, 0.8);
      const i95 = forecastInterval(f, 0.95);
      const lastMs = s.startMs + (s.values.length - 1) * s.stepMs;
      for (let h = 0; h < horizon; h++) {
        const at = new Date(lastMs + (h + 1) * s.stepMs).toISOString();
        yield [csvText(s.id), h + 1, at, num(f.mean[h]!), num(i80.lo[h]!), num(i80.hi[h]!), num(i95.lo[h]!), num(i95.hi[h]!), csvText(f.model), csvText(f.fallbackReason ?? '')].join(',');
      }
    }
    onBatch?.(Math.min(series.length, i + batch));
  }
}
