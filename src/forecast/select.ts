/**
 * @module Per-series model choice by rolling-origin backtest: each candidate forecasts every series from its last few
 * origins, is scored by mean absolute scaled error (MASE), and the lowest wins (ties go to the earlier candidate). The
 * winners' standardised errors feed the conformal interval calibration.
 */
import { z } from 'zod';
import type { Forecaster, SeriesForecast } from './types';

/** A model on offer and the shortest history it needs at a backtest origin. */
export interface Candidate {
  forecaster: Forecaster;
  minLength: number;
}

/** Origins per series (spaced `stride` apart, default the horizon) and the shortest history worth backtesting. */
export const SelectOptionsSchema = z.object({
  origins: z.number().int().min(1).max(20).default(2),
  stride: z.number().int().min(1).optional(),
  minTrain: z.number().int().min(2).default(8),
});
/** Selection options as accepted. */
export type SelectOptions = z.input<typeof SelectOptionsSchema>;

/** The outcome: chosen candidate per series (-1: too short to backtest), MASE per candidate, scores for calibration. */
export interface Selection {
  chosen: Int32Array;
  mase: Float64Array[];
  /** |error| / predictive sd of the chosen candidates' backtest forecasts, by the forecast's model name. */
  scores: Map<string, number[]>;
  notes: Array<string | undefined>;
}

/** Mean absolute one-step change over `y[0, end)` (the naive forecast's error), or 1 when there is none. */
export function naiveScale(y: Float64Array, end: number): number {
  let s = 0, n = 0;
  for (let t = 1; t < end; t++) {
    const d = Math.abs(y[t]! - y[t - 1]!);
    if (Number.isFinite(d)) { s += d; n++; }
  }
  return n && s > 0 ? s / n : 1;
}

/** Backtest origins for a series of length `n`: the last `k` with a full horizon after them and `min` points before. */
export function originsFor(n: number, h: number, k: number, stride: number, min: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < k && n - h - j * stride >= min; j++) out.push(n - h - j * stride);
  return out;
}

interface Tally { abs: Float64Array; cnt: Float64Array; z: Array<Array<[string, number]>> }

function scoreForecast(t: Tally, i: number, y: Float64Array, origin: number, f: SeriesForecast): void {
  for (let k = 0; k < f.mean.length && origin + k < y.length; k++) {
    const e = y[origin + k]! - f.mean[k]!;
    if (!Number.isFinite(e)) continue;
    t.abs[i]! += Math.abs(e); t.cnt[i]!++;
    const sd = Math.sqrt(Math.max(0, f.variance[k]!));
    const z = Math.abs(e) / sd;
    if (Number.isFinite(z)) t.z[i]!.push([f.model, z]); else if (e === 0) t.z[i]!.push([f.model, 0]);
  }
}

/** Backtests every eligible candidate on every series and picks one per series. */
export function selectModels(series: readonly Float64Array[], horizon: number, candidates: readonly Candidate[], options: SelectOptions = {}): Selection {
  const o = SelectOptionsSchema.parse(options);
  const stride = o.stride ?? horizon, ns = series.length;
  const eligible = candidates.map((c) => series.map((y) => y.length - horizon >= Math.max(o.minTrain, c.minLength)));
  const origins = series.map((y, i) => originsFor(y.length, horizon, o.origins, stride, Math.max(o.minTrain, ...candidates.filter((_, c) => eligible[c]![i]).map((c) => c.minLength))));
  const tallies: Tally[] = candidates.map((c, ci) => {
    const t: Tally = { abs: new Float64Array(ns), cnt: new Float64Array(ns), z: series.map(() => []) };
    for (let k = 0; k < o.origins; k++) {
      const jobs = series.flatMap((_, i) => (eligible[ci]![i] && origins[i]!.length > k ? [i] : []));
      if (!jobs.length) continue;
      const fs = c.forecaster.forecast(jobs.map((i) => series[i]!.subarray(0, origins[i]![k]!)), horizon);
      jobs.forEach((i, j) => scoreForecast(t, i, series[i]!, origins[i]![k]!, fs[j]!));
    }
    return t;
  });
  const mase = tallies.map((t, ci) => Float64Array.from(series, (y, i) =>
    eligible[ci]![i] && t.cnt[i]! > 0 ? t.abs[i]! / t.cnt[i]! / naiveScale(y, origins[i]![origins[i]!.length - 1] ?? 0) : NaN));
  const chosen = new Int32Array(ns).fill(-1);
  const notes: Array<string | undefined> = new Array(ns).fill(undefined);
  const scores = new Map<string, number[]>();
  for (let i = 0; i < ns; i++) {
    if (!origins[i]!.length) { notes[i] = `series too short to backtest (${series[i]!.length} < ${o.minTrain + horizon})`; continue; }
    let best = -1;
    for (let c = 0; c < candidates.length; c++) if (Number.isFinite(mase[c]![i]!) && (best < 0 || mase[c]![i]! < mase[best]![i]!)) best = c;
    chosen[i] = best;
    for (const [model, z] of best >= 0 ? tallies[best]!.z[i]! : []) (scores.get(model) ?? scores.set(model, []).get(model)!).push(z);
  }
  return { chosen, mase, scores, notes };
}

/** Final forecasts: each series from its chosen candidate (candidate 0 where none was chosen, with the note as reason). */
export function forecastChosen(series: readonly Float64Array[], horizon: number, candidates: readonly Candidate[], sel: Selection): SeriesForecast[] {
  const out: SeriesForecast[] = new Array(series.length);
  candidates.forEach((c, ci) => {
    const idx = series.flatMap((_, i) => (Math.max(0, sel.chosen[i]!) === ci ? [i] : []));
    if (!idx.length) return;
    c.forecaster.forecast(idx.map((i) => series[i]!), horizon).forEach((f, j) => {
      const i = idx[j]!;
      out[i] = sel.chosen[i]! < 0 && !f.fallbackReason && sel.notes[i] ? { ...f, fallbackReason: sel.notes[i] } : f;
    });
  });
  return out;
}
