/**
 * @module Shadow inventory entries for engine backtests from the harness's causal Kalman path, so that the engine
 * can be checked against the harness's own newsvendor policy: each entry carries one quantile, at the policy's
 * service level, of the allocations due within one tick plus one latency.
 */
import type { ShadowEntry } from '../core/shadow';
import type { TraceEvent } from '../core/trace';
import { kalmanOneStepPath, windowSum, type OneStepPath } from '../forecast/one-step';
import { countQuantile } from '../forecast/shadow-entry';
import { allocationsPerTick } from '../trace/series';
import type { EntryProvider } from './backtest';

/** Clock of the trace and how many ticks tune the filter before use. */
export interface KalmanEntryOptions {
  startMs: number;
  endMs: number;
  tickMs: number;
  latencyMs: number;
  warmupTicks?: number;
}

/**
 * An EntryProvider over all of a trace's events. The path at tick k only uses counts of ticks before k, so entries
 * stay causal. `pAny` is 1 when the quantile is positive and 0 otherwise, so that with a threshold in (0, 1] the
 * engine holds exactly the quantile (the engine holds at least one above its threshold).
 */
export function kalmanEntries(events: readonly TraceEvent[], o: KalmanEntryOptions): EntryProvider {
  const paths = new Map<string, { y: Float64Array; path: OneStepPath }>();
  const byResource = new Map<string, TraceEvent[]>();
  for (const e of events) byResource.set(e.resourceId, [...(byResource.get(e.resourceId) ?? []), e]);
  const w = Math.ceil((o.tickMs + o.latencyMs) / o.tickMs);
  return (resourceId, tMs, _past, policy): ShadowEntry => {
    let p = paths.get(resourceId);
    if (!p) {
      const y = allocationsPerTick(byResource.get(resourceId) ?? [], o.startMs, o.endMs, o.tickMs);
      p = { y, path: kalmanOneStepPath(y, o.warmupTicks ?? 1440) };
      paths.set(resourceId, p);
    }
    const k = Math.min(p.y.length - 1, Math.max(0, Math.floor((tMs - o.startMs) / o.tickMs)));
    const { mean, variance } = windowSum(Math.max(0, p.path.mean[k]!), p.path.levelVar[k]!, p.path.qLevel, p.path.r, w);
    const level = policy.serviceLevel ?? 0.5;
    const count = countQuantile(mean, variance, level);
    return {
      resourceId, asOfMs: tMs, horizonMs: policy.horizonMs, pAny: count > 0 ? 1 : 0, quantiles: [{ p: level, count }],
      eta: null, resourceType: 'group', expectedBandwidthBps: null, model: 'kalman', validUntilMs: tMs + o.tickMs,
    };
  };
}
