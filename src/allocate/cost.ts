/**
 * @module The cost model (ARCHITECTURE.md "Cost function") and the newsvendor rule: hold k* = the quantile of demand
 * at level c_delay·L / (c_delay·L + c_waste·τ), where L is the on-demand latency and τ the expected idle time.
 */
import { z } from 'zod';

/** Costs in one unit for every policy: per idle address-minute, per request-minute of waiting; latency of on-demand. */
export const CostModelSchema = z.object({
  cWaste: z.number().positive().default(1),
  cDelay: z.number().positive().default(60),
  latencyMs: z.number().int().positive().default(60_000),
});
/** A cost model as accepted. */
export type CostModelInput = z.input<typeof CostModelSchema>;
/** A validated cost model. */
export type CostModel = z.output<typeof CostModelSchema>;

/** Newsvendor critical ratio: underage = one request waiting L, overage = one address idle for τ. */
export function criticalRatio(cost: CostModel, expectedIdleMs: number): number {
  const under = cost.cDelay * cost.latencyMs, over = cost.cWaste * Math.max(expectedIdleMs, 1);
  return under / (under + over);
}

/** Smallest integer k with P(N ≤ k) ≥ level, for a CDF over non-negative integers. */
export function newsvendorK(cdf: (k: number) => number, level: number, kMax = 1_000_000): number {
  let k = 0;
  while (k < kMax && cdf(k) < level) k++;
  return k;
}

/** Poisson CDF P(N ≤ k) for mean `lambda`. */
export function poissonCdf(lambda: number): (k: number) => number {
  return (k) => {
    let term = Math.exp(-lambda), sum = term;
    for (let i = 1; i <= k; i++) sum += term *= lambda / i;
    return sum;
  };
}
