/** @module The hindsight grids searched for each static baseline family. */
import { awsWarm, azureBatches, ciliumWatermark } from './baselines';
import type { BaselineFamily } from './backtest';

const range = (lo: number, hi: number, step = 1): number[] => Array.from({ length: Math.floor((hi - lo) / step) + 1 }, (_, i) => lo + i * step);
const WARM = [0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024];

/** AWS WARM_IP_TARGET × MINIMUM_IP_TARGET. */
export const AWS_FAMILY: BaselineFamily<{ warm: number; min: number }> = {
  name: 'aws-warm-ip', make: (p) => awsWarm(p.warm, p.min),
  grid: WARM.flatMap((warm) => [0, 4, 8, 16, 32, 64].map((min) => ({ warm, min }))),
};

/** Cilium pre-allocate × min-allocate × max-above-watermark. */
export const CILIUM_FAMILY: BaselineFamily<{ pre: number; min: number; above: number }> = {
  name: 'cilium-watermark', make: (p) => ciliumWatermark(p.pre, p.min, p.above),
  grid: WARM.flatMap((pre) => [0, 8, 16].flatMap((min) => [0, 1, 2, 4, 8, 16, 32, 64, 128, 256].map((above) => ({ pre, min, above })))),
};

/** Azure batch size (thresholds at half and one and a half batches). */
export const AZURE_FAMILY: BaselineFamily<{ batch: number }> = {
  name: 'azure-batch', make: (p) => azureBatches(p.batch), grid: [...range(1, 8), 10, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024].map((batch) => ({ batch })),
};
