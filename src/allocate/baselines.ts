/**
 * @module Static warm-pool baselines as their projects document them: on-demand, AWS VPC CNI WARM_IP_TARGET /
 * MINIMUM_IP_TARGET, Cilium pre-allocate / min-allocate / max-above-watermark, and Azure CNS batches.
 */
import type { PoolPolicy, PoolState } from './pool-sim';

/** No pre-allocation: every allocation waits one latency; returns every ready address. */
export function onDemand(): PoolPolicy {
  return { decide: (s) => -s.ready };
}

/** AWS VPC CNI: addresses held = max(used + WARM_IP_TARGET, MINIMUM_IP_TARGET). */
export function awsHeld(used: number, warmIpTarget: number, minimumIpTarget: number): number {
  return Math.max(used + warmIpTarget, minimumIpTarget);
}

/** AWS-style policy: tops up to, and trims back to, awsHeld. */
export function awsWarm(warmIpTarget: number, minimumIpTarget: number): PoolPolicy {
  return { decide: (s) => awsHeld(s.used, warmIpTarget, minimumIpTarget) - (s.used + s.ready + s.pending) };
}

/** Cilium calculateNeededIPs (no max-allocate): pre-allocate − free, at least min-allocate − available, ≥ 0. */
export function ciliumNeeded(available: number, used: number, preAllocate: number, minAllocate: number): number {
  let needed = preAllocate - (available - used);
  if (minAllocate > 0) needed = Math.max(needed, minAllocate - available);
  return Math.max(0, needed);
}

/** Cilium calculateExcessIPs: free beyond pre-allocate + max-above-watermark, sparing the bootstrap allocation. */
export function ciliumExcess(available: number, used: number, preAllocate: number, minAllocate: number, maxAboveWatermark: number): number {
  const floor = minAllocate + maxAboveWatermark;
  if (used <= floor) {
    if (available <= floor) return 0;
    if (used + preAllocate <= floor) return available - floor;
  }
  return Math.max(0, available - used - preAllocate - maxAboveWatermark);
}

/** Cilium-style policy: when addresses are needed, allocates needed + max-above-watermark; releases the excess. */
export function ciliumWatermark(preAllocate: number, minAllocate: number, maxAboveWatermark: number): PoolPolicy {
  return {
    decide: (s: PoolState) => {
      const available = s.used + s.ready + s.pending;
      const needed = ciliumNeeded(available, s.used, preAllocate, minAllocate);
      return needed > 0 ? needed + maxAboveWatermark : -ciliumExcess(available, s.used, preAllocate, minAllocate, maxAboveWatermark);
    },
  };
}

/** Azure CNS: request a batch while free < ⌈mf·B⌉ (mf 0.5), release one while free > B + ⌈mf·B⌉ (16 → 8 and 24). */
export function azureBatchDelta(free: number, batch: number, minFreeFraction = 0.5): number {
  const minFree = Math.ceil(minFreeFraction * batch), maxFree = batch + minFree;
  let d = 0;
  while (free + d < minFree) d += batch;
  while (free + d > maxFree) d -= batch;
  return d;
}

/** Azure-style policy over ready + requested addresses; releases only ready ones. */
export function azureBatches(batch = 16, minFreeFraction = 0.5): PoolPolicy {
  return { decide: (s) => azureBatchDelta(s.ready + s.pending, batch, minFreeFraction) };
}

/** The oracle: requests each address one latency before its allocation and holds nothing else. */
export function oracle(allocTimesMs: readonly number[], latencyMs: number): PoolPolicy {
  return { decide: (s) => -s.ready, planned: allocTimesMs.map((t) => t - latencyMs) };
}
