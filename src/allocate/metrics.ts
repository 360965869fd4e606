/** @module One metric definition for every policy: hit rate, mean/p99 wait, idle address-minutes, expired, cost. */
import type { CostModel } from './cost';
import type { PoolOutcome } from './pool-sim';

/** A policy's result over a trace, in one set of units (minutes and cost units). */
export interface PolicyMetrics {
  allocs: number;
  hitRate: number;
  meanWaitMin: number;
  p99WaitMin: number;
  idleAddressMin: number;
  expired: number;
  cost: number;
}

/** Summarises outcomes (several resources) under a cost model: cost = c_waste·idle minutes + c_delay·wait minutes. */
export function summarise(outcomes: readonly PoolOutcome[], cost: CostModel): PolicyMetrics {
  const waits = outcomes.flatMap((o) => o.waitsMs).sort((a, b) => a - b);
  const allocs = waits.length;
  const hits = outcomes.reduce((s, o) => s + o.hits, 0);
  const waitMin = waits.reduce((s, w) => s + w, 0) / 60_000;
  const idleAddressMin = outcomes.reduce((s, o) => s + o.idleMs, 0) / 60_000;
  return {
    allocs,
    hitRate: allocs ? hits / allocs : 1,
    meanWaitMin: allocs ? waitMin / allocs : 0,
    p99WaitMin: allocs ? waits[Math.min(allocs - 1, Math.ceil(0.99 * allocs) - 1)]! / 60_000 : 0,
    idleAddressMin,
    expired: outcomes.reduce((s, o) => s + o.expired, 0),
    cost: cost.cWaste * idleAddressMin + cost.cDelay * waitMin,
  };
}
