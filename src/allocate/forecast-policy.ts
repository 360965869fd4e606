/**
 * @module Newsvendor pool policy over any Forecaster: counts are aggregated (e.g. hourly), the forecaster is refit on
 * the history before each refit time only, and each tick holds the quantile of the demand due within one tick plus
 * one latency, thinned from the aggregate forecast.
 */
import type { TraceEvent } from '../core/trace';
import { countQuantile } from '../forecast/shadow-entry';
import type { Forecaster } from '../forecast/types';
import type { PolicyFactory } from './backtest';
import { criticalRatio } from './cost';

/** Clock, aggregation and refit cadence of the policy. */
export interface ForecastPolicyOptions {
  forecaster: Forecaster;
  startMs: number;
  endMs: number;
  tickMs: number;
  aggMs: number;
  refitEveryMs: number;
}

function aggCounts(events: readonly TraceEvent[], o: ForecastPolicyOptions): Float64Array {
  const y = new Float64Array(Math.ceil((o.endMs - o.startMs) / o.aggMs) + 1);
  for (const e of events) if (e.kind === 'alloc') y[Math.floor((e.tMs - o.startMs) / o.aggMs)]! += 1;
  return y;
}

/** Causal per-aggregate-step forecasts: each refit sees only the aggregate steps before it. */
export function rollingForecasts(y: Float64Array, o: ForecastPolicyOptions): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(y.length), variance = new Float64Array(y.length);
  const per = Math.max(1, Math.round(o.refitEveryMs / o.aggMs));
  for (let a = 0; a < y.length; a += per) {
    const [f] = o.forecaster.forecast([y.subarray(0, a)], Math.min(per, y.length - a));
    for (let k = 0; k < f!.mean.length; k++) { mean[a + k] = Math.max(0, f!.mean[k]!); variance[a + k] = Math.max(0, f!.variance[k]!); }
  }
  return { mean, variance };
}

/** Builds the policy factory. A window that is a fraction φ of an aggregate step gets mean φμ and variance φ²σ² + φ(1−φ)μ. */
export function forecastPolicy(o: ForecastPolicyOptions): PolicyFactory {
  return (_rid, events, cost) => {
    const { mean, variance } = rollingForecasts(aggCounts(events, o), o);
    const windowMs = Math.ceil((o.tickMs + cost.latencyMs) / o.tickMs) * o.tickMs;
    const phi = Math.min(1, windowMs / o.aggMs);
    const level = criticalRatio(cost, windowMs);
    return {
      decide: (s) => {
        const a = Math.min(mean.length - 1, Math.max(0, Math.floor((s.tMs - o.startMs) / o.aggMs)));
        const mu = mean[a]!, m = phi * mu, v = phi * phi * variance[a]! + phi * (1 - phi) * mu;
        return countQuantile(m, v, level) - (s.ready + s.pending);
      },
    };
  };
}
