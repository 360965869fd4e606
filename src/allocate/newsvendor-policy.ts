/**
 * @module ipshadow's forecast-driven pool policy: at each tick, hold the newsvendor quantile of the allocations due
 * before the next tick's requests can be ready (window = tick + latency), from a causal Kalman forecast.
 */
import { kalmanOneStepPath, windowSum } from '../forecast/one-step';
import { countQuantile } from '../forecast/shadow-entry';
import type { PolicyFactory } from './backtest';
import { criticalRatio } from './cost';
import { allocationsPerTick } from '../trace/series';

/** Where the policy's clock starts, its tick, and how many ticks tune the forecaster before use. */
export interface NewsvendorOptions {
  startMs: number;
  endMs: number;
  tickMs: number;
  warmupTicks?: number;
}

/** Builds the policy factory; each resource's forecast only ever uses counts from ticks before the decision. */
export function newsvendorKalman(o: NewsvendorOptions): PolicyFactory {
  return (_rid, events, cost) => {
    const y = allocationsPerTick(events, o.startMs, o.endMs, o.tickMs);
    const path = kalmanOneStepPath(y, o.warmupTicks ?? 1440);
    const w = Math.ceil((o.tickMs + cost.latencyMs) / o.tickMs);
    const level = criticalRatio(cost, w * o.tickMs);
    return {
      decide: (s) => {
        const k = Math.min(y.length - 1, Math.max(0, Math.floor((s.tMs - o.startMs) / o.tickMs)));
        const { mean, variance } = windowSum(Math.max(0, path.mean[k]!), path.levelVar[k]!, path.qLevel, path.r, w);
        return countQuantile(mean, variance, level) - (s.ready + s.pending);
      },
    };
  };
}
