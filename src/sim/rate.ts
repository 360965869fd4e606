/** @module Demand shape: diurnal and weekly seasonality, linear drift, bursts and multiplicative noise. */
import { z } from 'zod';
import type { Rng } from './rng';

const MIN = 60_000, DAY = 1440 * MIN;

/** Parameters of a demand curve (rates are per minute). */
export const RateShapeSchema = z.object({
  base: z.number().nonnegative(),
  diurnal: z.number().min(0).max(1).default(0.6),
  peakHour: z.number().min(0).max(24).default(14),
  weekend: z.number().min(0).default(0.5),
  driftPerDay: z.number().default(0),
  burstsPerDay: z.number().nonnegative().default(0),
  burstFactor: z.number().min(1).default(5),
  burstMinutes: z.number().positive().default(20),
  noise: z.number().nonnegative().default(0.1),
});
/** A demand curve's parameters as accepted. */
export type RateShape = z.input<typeof RateShapeSchema>;

/** Deterministic part of the rate at `tMs` (ms since a Monday 00:00). */
export function seasonalRate(tMs: number, shape: z.output<typeof RateShapeSchema>): number {
  const hour = (tMs % DAY) / (60 * MIN);
  const day = Math.floor(tMs / DAY) % 7;
  const season = 1 + shape.diurnal * Math.cos((2 * Math.PI * (hour - shape.peakHour)) / 24);
  const week = day >= 5 ? shape.weekend : 1;
  return Math.max(0, shape.base * season * week * (1 + (shape.driftPerDay * tMs) / DAY));
}

/** Per-minute rates and, alongside, their intensity before the lognormal noise (seasonal × burst), from one draw sequence. */
export interface RateParts {
  rate: Float64Array;
  /** seasonal × burst factor: what a "rate oracle" may know (the noise and the arrival draws stay hidden). */
  intensity: Float64Array;
}

/** Per-minute rates over `minutes` with their noise-free intensity; draws exactly what `rateSeries` draws. */
export function rateSeriesParts(minutes: number, shape: RateShape, rng: Rng): RateParts {
  const s = RateShapeSchema.parse(shape);
  const rate = new Float64Array(minutes), intensity = new Float64Array(minutes);
  const pBurst = s.burstsPerDay / 1440;
  let burstLeft = 0;
  for (let m = 0; m < minutes; m++) {
    if (burstLeft <= 0 && rng.next() < pBurst) burstLeft = Math.max(1, Math.round(rng.exp(s.burstMinutes)));
    const burst = burstLeft-- > 0 ? s.burstFactor : 1;
    intensity[m] = seasonalRate(m * MIN, s) * burst;
    rate[m] = intensity[m]! * Math.exp(s.noise * rng.normal() - (s.noise * s.noise) / 2);
  }
  return { rate, intensity };
}

/** Per-minute rates over `minutes`, with bursts and lognormal noise drawn from `rng`. */
export function rateSeries(minutes: number, shape: RateShape, rng: Rng): Float64Array {
  return rateSeriesParts(minutes, shape, rng).rate;
}
