/**
 * @module Turns a series forecast of allocation counts into a shadow inventory entry. P(any) and the ETA window treat
 * arrivals within a step as Poisson with the forecast mean; count quantiles use the Gaussian total with a
 * continuity correction. Calibration (later) corrects both.
 */
import type { ShadowEntry } from '../core/shadow';
import { normQuantile } from './normal';
import { forecastTotal, type SeriesForecast } from './types';

/** Where and how a forecast is placed in time, and what the entry describes. */
export interface EntryContext {
  resourceId: string;
  asOfMs: number;
  stepMs: number;
  horizonSteps: number;
  resourceType: string;
  expectedBandwidthBps?: number | null;
  validForMs?: number;
  levels?: number[];
}

/** The smallest integer k with P(N ≤ k) ≥ p for a count with this mean and variance (normal, continuity-corrected). */
export function countQuantile(mean: number, variance: number, p: number): number {
  return Math.max(0, Math.ceil(mean + Math.sqrt(Math.max(0, variance)) * normQuantile(p) - 0.5));
}

function eta(f: SeriesForecast, c: EntryContext): ShadowEntry['eta'] {
  let cum = 0, from: number | null = null;
  for (let k = 0; k < Math.min(c.horizonSteps, f.mean.length); k++) {
    cum += Math.max(0, f.mean[k]!);
    const p = 1 - Math.exp(-cum), end = c.asOfMs + (k + 1) * c.stepMs;
    if (from === null && p >= 0.25) from = end - c.stepMs;
    if (p >= 0.75) return { fromMs: from ?? end - c.stepMs, toMs: end };
  }
  return null;
}

/** Builds the entry for the first `horizonSteps` steps of `f`. */
export function toShadowEntry(f: SeriesForecast, c: EntryContext): ShadowEntry {
  const { mean, variance } = forecastTotal(f, c.horizonSteps);
  return {
    resourceId: c.resourceId, asOfMs: c.asOfMs, horizonMs: c.horizonSteps * c.stepMs,
    pAny: 1 - Math.exp(-Math.max(0, mean)),
    quantiles: (c.levels ?? [0.1, 0.5, 0.9, 0.99]).map((p) => ({ p, count: countQuantile(mean, variance, p) })),
    eta: eta(f, c), resourceType: c.resourceType, expectedBandwidthBps: c.expectedBandwidthBps ?? null,
    model: f.model, validUntilMs: c.asOfMs + (c.validForMs ?? c.stepMs),
  };
}
