/** @module `ipshadow forecast`: point forecasts with 80% and 95% intervals for many series, as CSV. */
import { kalmanForecaster } from './kalman';
import { sarimaForecaster } from './sarima';
import { calibratedInterval, type ConformalCalibration } from './calibration/conformal';
import type { Forecaster, SeriesForecast } from './types';
import type { GridSeries } from './series-csv';

/** Models the command offers. */
export type ForecastModel = 'auto' | 'kalman' | 'sarima';

/** Header of the output CSV. */
export const FORECAST_CSV_HEADER = 'series,step,timestamp,mean,lo80,hi80,lo95,hi95,model,note';

/** A single synchronous forecaster for a model name; `auto` here is SARIMA where a season fits, else Kalman (the CLI's per-series backtest choice is `runForecast`). */
export function forecasterFor(model: ForecastModel, season: number): Forecaster {
  if (model === 'kalman') return kalmanForecaster({ trend: false });
  return sarimaForecaster({ s: season }, kalmanForecaster({ trend: false }));
}

const num = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1e6) / 1e6) : '');
const csvText = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** CSV lines (no header) for one series' forecast; intervals use the conformal calibration when given. */
export function* seriesCsvLines(s: GridSeries, f: SeriesForecast, horizon: number, calibration?: ConformalCalibration): Generator<string> {
  const i80 = calibratedInterval(f, 0.8, calibration);
  const i95 = calibratedInterval(f, 0.95, calibration);
  const lastMs = s.startMs + (s.values.length - 1) * s.stepMs;
  for (let h = 0; h < horizon; h++) {
    const at = new Date(lastMs + (h + 1) * s.stepMs).toISOString();
    yield [csvText(s.id), h + 1, at, num(f.mean[h]!), num(i80.lo[h]!), num(i80.hi[h]!), num(i95.lo[h]!), num(i95.hi[h]!), csvText(f.model), csvText(f.fallbackReason ?? '')].join(',');
  }
}

/** Forecasts `series` in batches and yields CSV lines (no header); `onBatch` reports progress. */
export function* forecastCsvLines(series: readonly GridSeries[], horizon: number, forecaster: Forecaster, onBatch?: (done: number) => void, batch = 200): Generator<string> {
  for (let i = 0; i < series.length; i += batch) {
    const chunk = series.slice(i, i + batch);
    const results = forecaster.forecast(chunk.map((s) => s.values), horizon);
    for (let k = 0; k < chunk.length; k++) yield* seriesCsvLines(chunk[k]!, results[k]!, horizon);
    onBatch?.(Math.min(series.length, i + batch));
  }
}
