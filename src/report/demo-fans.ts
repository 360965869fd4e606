/** @module Fan-chart data: each resource's hourly allocations forecast from the end of training, with 80%/95% bands. */
import type { Trace } from '../core/trace';
import { forecasterFor } from '../forecast/forecast-csv';
import { forecastInterval } from '../forecast/types';
import { allocationSeries } from '../trace/series';
import type { FanChart, FanPoint } from './types';

/** How much to show: step, hours of history before the split, hours forecast after it, and how many resources. */
export interface FanOptions {
  stepMs?: number;
  historySteps?: number;
  horizonSteps?: number;
  maxResources?: number;
}

/** Forecasts each of the first resources from the training half (SARIMA with a daily season, else Kalman). */
export function fanCharts(trace: Trace, splitMs: number, o: FanOptions = {}): FanChart[] {
  const stepMs = o.stepMs ?? 3_600_000, hist = o.historySteps ?? 48;
  const { ids, series } = allocationSeries(trace, stepMs);
  const cut = Math.floor((splitMs - trace.startMs) / stepMs);
  const horizon = Math.max(1, Math.min(o.horizonSteps ?? 48, (series[0]?.length ?? 0) - cut));
  const pick = ids.slice(0, o.maxResources ?? 4).map((_, i) => i);
  const forecasts = forecasterFor('auto', Math.round(86_400_000 / stepMs)).forecast(pick.map((i) => series[i]!.slice(0, cut)), horizon);
  return pick.map((i, j) => {
    const f = forecasts[j]!, y = series[i]!, b80 = forecastInterval(f, 0.8), b95 = forecastInterval(f, 0.95);
    const at = (k: number) => trace.startMs + k * stepMs;
    const forecast: FanPoint[] = Array.from({ length: horizon }, (_, h) => ({
      tMs: at(cut + h), mean: Math.max(0, f.mean[h]!), lo80: b80.lo[h]!, hi80: b80.hi[h]!, lo95: b95.lo[h]!, hi95: b95.hi[h]!, actual: y[cut + h] ?? 0,
    }));
    const inside = (lo: keyof FanPoint, hi: keyof FanPoint) => forecast.filter((p) => p.actual >= p[lo] && p.actual <= p[hi]).length / forecast.length;
    return {
      resourceId: ids[i]!, model: f.model, stepMs,
      history: Array.from({ length: Math.min(hist, cut) }, (_, k) => ({ tMs: at(cut - Math.min(hist, cut) + k), value: y[cut - Math.min(hist, cut) + k]! })),
      forecast, coverage80: inside('lo80', 'hi80'), coverage95: inside('lo95', 'hi95'),
    };
  });
}
