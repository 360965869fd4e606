/**
 * @module One forecast run for the CLI: trains (or loads) the LSTM when asked for, backtests the candidate models per
 * series, forecasts each series with its winner and fits the conformal interval calibration from the backtest errors.
 */
import { z } from 'zod';
import { fitConformal, type ConformalCalibration } from './calibration/conformal';
import { kalmanForecaster } from './kalman';
import type { LstmOptions, ModelSink, TrainOrLoad } from './lstm';
import { SarimaOptionsSchema, sarimaForecaster } from './sarima';
import { forecastChosen, selectModels, type Candidate, type Selection } from './select';
import type { Forecaster, SeriesForecast } from './types';

/** Model choice, season, backtest origins and whether to calibrate intervals. */
export const ForecastRunSchema = z.object({
  model: z.enum(['auto', 'kalman', 'sarima', 'lstm']).default('auto'),
  season: z.number().int().min(0).default(24),
  origins: z.number().int().min(1).max(10).default(2),
  calibrate: z.boolean().default(true),
  lstm: z.custom<LstmOptions>((v) => typeof v === 'object' && v !== null).default({}),
});
/** Run options as accepted. */
export type ForecastRunOptions = z.input<typeof ForecastRunSchema>;

/** The forecasts, the calibration to draw intervals with, the selection behind them, and what the LSTM did. */
export interface ForecastRun {
  forecasts: SeriesForecast[];
  calibration?: ConformalCalibration;
  selection: Selection;
  lstm?: TrainOrLoad;
  ms: { lstm: number; backtest: number; final: number };
}

/** The LSTM's training outcome and its forecaster (Kalman answering every series when training failed). */
interface PreparedLstm extends TrainOrLoad {
  forecaster: Forecaster;
}

/** Trains the LSTM on each series minus its backtest tail, so backtest errors stay honest; tfjs loads only here. */
async function prepareLstm(series: readonly Float64Array[], horizon: number, cut: number, o: LstmOptions, fallback: Forecaster, sink?: ModelSink): Promise<PreparedLstm> {
  const lstm = await import('./lstm');
  try {
    await lstm.ensureWasmBackend();
  } catch (err) {
    const why = `tfjs wasm backend failed: ${(err as Error).message}`;
    return { trained: why, loaded: false, fingerprint: '', forecaster: lstm.lstmForecaster(why, fallback) };
  }
  const r = await lstm.trainOrLoadLstm(series.map((y) => y.subarray(0, Math.max(0, y.length - cut))), horizon, o, sink);
  return { ...r, forecaster: lstm.lstmForecaster(r.trained, fallback) };
}

const KALMAN = kalmanForecaster({ trend: false });

function candidatesFor(model: string, season: number, lstm?: PreparedLstm): Candidate[] {
  const kalman = { forecaster: KALMAN, minLength: 1 };
  const span = Math.max(Math.max(season, 1) * SarimaOptionsSchema.parse({}).minSeasons, 10);
  const sarima = { forecaster: sarimaForecaster({ s: season }, KALMAN), minLength: span };
  const t = lstm?.trained;
  const net = lstm ? { forecaster: lstm.forecaster, minLength: typeof t === 'object' ? t.config.window : 1 } : undefined;
  if (model === 'kalman') return [kalman];
  if (model === 'sarima') return [sarima];
  if (model === 'lstm') return [net!];
  return [kalman, sarima, ...(net && typeof t !== 'string' ? [net] : [])];
}

/** Runs the forecast for all series; `sink` stores and reuses LSTM weights. */
export async function runForecast(series: readonly Float64Array[], horizon: number, options: ForecastRunOptions = {}, sink?: ModelSink): Promise<ForecastRun> {
  const o = ForecastRunSchema.parse(options);
  const t0 = Date.now();
  const lstm = o.model === 'lstm' || o.model === 'auto' ? await prepareLstm(series, horizon, o.origins * horizon, o.lstm, KALMAN, sink) : undefined;
  const t1 = Date.now();
  const candidates = candidatesFor(o.model, o.season, lstm);
  const single = candidates.length === 1;
  const selection = single && !o.calibrate
    ? { chosen: new Int32Array(series.length), mase: [], scores: new Map(), notes: [] }
    : selectModels(series, horizon, candidates, { origins: o.origins });
  if (single) { selection.chosen.fill(0); selection.notes = []; }
  const t2 = Date.now();
  const forecasts = forecastChosen(series, horizon, candidates, selection);
  const calibration = o.calibrate ? fitConformal(selection.scores) : undefined;
  return { forecasts, calibration, selection, lstm, ms: { lstm: t1 - t0, backtest: t2 - t1, final: Date.now() - t2 } };
}
