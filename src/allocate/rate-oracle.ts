/**
 * @module The rate oracle: a pool policy that knows the true intensity of demand but not the arrival times. It
 * re-sizes at every tick and after every event to the newsvendor quantile of the allocations due before its next
 * request could be ready (now → next tick + latency). With its idle-time assumption tuned per resource in hindsight,
 * its cost is the honest floor for any policy that forecasts the rate, however well, without lead signals.
 */
import type { Trace } from '../core/trace';
import { eventsByResource, type BacktestOptions, type PolicyFactory } from './backtest';
import { CostModelSchema, criticalRatio, newsvendorK } from './cost';
import { summarise, type PolicyMetrics } from './metrics';
import { simulatePool, type PoolOutcome } from './pool-sim';

const MIN = 60_000;

/** P(allocations in minutes [fromMin, toMin) ≤ k) given `used` addresses now and `seen` allocations since the tick. */
export type WindowCountCdf = (fromMin: number, toMin: number, used: number, seen: number) => (k: number) => number;

/** The oracle's knowledge per resource (minutes counted from `startMs`), its tick, and the idle time it assumes. */
export interface RateOracleOptions {
  startMs: number;
  tickMs: number;
  cdfs: ReadonlyMap<string, WindowCountCdf>;
  /** Expected idle minutes of one more address in the newsvendor ratio (default: tick + latency). */
  idleMin?: number;
}

/** Builds the rate-oracle policy factory. */
export function rateOracle(o: RateOracleOptions): PolicyFactory {
  return (rid, _events, cost) => {
    const cdf = o.cdfs.get(rid);
    if (!cdf) throw new Error(`rateOracle: no intensity for resource ${rid}`);
    const level = criticalRatio(cost, (o.idleMin ?? (o.tickMs + cost.latencyMs) / MIN) * MIN);
    let tick = Number.NaN, usedAtTick = 0;
    return {
      decide: (s) => {
        const rel = s.tMs - o.startMs, k0 = Math.floor(rel / o.tickMs);
        if (k0 !== tick) { tick = k0; usedAtTick = s.used; }
        const f = cdf(rel / MIN, ((k0 + 1) * o.tickMs + cost.latencyMs) / MIN, s.used, Math.max(0, s.used - usedAtTick));
        return newsvendorK(f, level, 100_000) - (s.ready + s.pending);
      },
    };
  };
}

/** Idle-minute assumptions searched per resource in hindsight. */
export const RATE_ORACLE_IDLE_GRID = [0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256];

/** Tunes the oracle's idle-time assumption per resource in hindsight on the trace (lowest realised cost). */
export function tunedRateOracle(trace: Trace, o: Omit<RateOracleOptions, 'idleMin'>, options: BacktestOptions = {}, grid = RATE_ORACLE_IDLE_GRID): { metrics: PolicyMetrics; chosen: Record<string, number> } {
  const cost = CostModelSchema.parse(options.cost ?? {}), tickMs = options.tickMs ?? o.tickMs;
  const outs: PoolOutcome[] = [], chosen: Record<string, number> = {};
  for (const [rid, ev] of eventsByResource(trace)) {
    let best: { out: PoolOutcome; c: number; idle: number } | null = null;
    for (const idleMin of grid) {
      const out = simulatePool(ev, rateOracle({ ...o, idleMin })(rid, ev, cost), cost, trace.startMs, trace.endMs, tickMs);
      const c = summarise([out], cost).cost;
      if (!best || c < best.c) best = { out, c, idle: idleMin };
    }
    if (best) { outs.push(best.out); chosen[rid] = best.idle; }
  }
  return { metrics: summarise(outs, cost), chosen };
}
