/**
 * @module Backtest harness: replays a trace per resource against a policy factory and reports the shared metrics;
 * static baselines are tuned per resource in hindsight by grid search (their strongest fair form).
 */
import type { Trace, TraceEvent } from '../core/trace';
import { CostModelSchema, type CostModel, type CostModelInput } from './cost';
import { summarise, type PolicyMetrics } from './metrics';
import { simulatePool, type PoolOutcome, type PoolPolicy } from './pool-sim';

/** Builds a policy for one resource; it may look at the resource's own events (the oracle does). */
export type PolicyFactory = (resourceId: string, events: readonly TraceEvent[], cost: CostModel) => PoolPolicy;

/** Backtest options: the cost model and the decision tick. */
export interface BacktestOptions {
  cost?: CostModelInput;
  tickMs?: number;
}

/** Events of each resource, in trace order. */
export function eventsByResource(trace: Trace): Map<string, TraceEvent[]> {
  const m = new Map<string, TraceEvent[]>(trace.resources.map((r) => [r.id, []]));
  for (const e of trace.events) m.get(e.resourceId)?.push(e);
  return m;
}

function runOne(trace: Trace, rid: string, ev: readonly TraceEvent[], f: PolicyFactory, cost: CostModel, tickMs: number): PoolOutcome {
  return simulatePool(ev, f(rid, ev, cost), cost, trace.startMs, trace.endMs, tickMs);
}

/** Replays every resource under one policy. */
export function backtest(trace: Trace, factory: PolicyFactory, options: BacktestOptions = {}): PolicyMetrics {
  const cost = CostModelSchema.parse(options.cost ?? {});
  const tickMs = options.tickMs ?? 60_000;
  const outs = [...eventsByResource(trace)].map(([rid, ev]) => runOne(trace, rid, ev, factory, cost, tickMs));
  return summarise(outs, cost);
}

/** A static baseline family: a name, a policy per parameter set, and the grid to search. */
export interface BaselineFamily<P> {
  name: string;
  make: (p: P) => PoolPolicy;
  grid: readonly P[];
}

/** Resources whose chosen value of some parameter is the grid's largest: widen the grid, or the baseline is handicapped. */
export function gridEdges<P>(grid: readonly P[], chosen: Record<string, P>): string[] {
  const max = new Map<string, number>();
  for (const p of grid) for (const [k, v] of Object.entries(p as object)) max.set(k, Math.max(max.get(k) ?? -Infinity, Number(v)));
  return Object.entries(chosen).filter(([, p]) => Object.entries(p as object).some(([k, v]) => Number(v) > 0 && Number(v) === max.get(k))).map(([r]) => r);
}

/** Tunes a family per resource in hindsight (lowest realised cost); reports metrics, choices and grid-edge choices. */
export function tunedBacktest<P>(trace: Trace, fam: BaselineFamily<P>, options: BacktestOptions = {}): { metrics: PolicyMetrics; chosen: Record<string, P>; edges: string[] } {
  const cost = CostModelSchema.parse(options.cost ?? {});
  const tickMs = options.tickMs ?? 60_000;
  const chosen: Record<string, P> = {};
  const outs: PoolOutcome[] = [];
  for (const [rid, ev] of eventsByResource(trace)) {
    let best: { o: PoolOutcome; c: number; p: P } | null = null;
    for (const p of fam.grid) {
      const o = simulatePool(ev, fam.make(p), cost, trace.startMs, trace.endMs, tickMs);
      const c = summarise([o], cost).cost;
      if (!best || c < best.c) best = { o, c, p };
    }
    if (best) { outs.push(best.o); chosen[rid] = best.p; }
  }
  return { metrics: summarise(outs, cost), chosen, edges: gridEdges(fam.grid, chosen) };
}
