/**
 * @module The lead-signal model: from recent telemetry features, a logistic regression for P(at least one allocation
 * within H minutes) and a discrete-time hazard (one Poisson regression per minute ahead) for the expected count and
 * the ETA. Trained on time-ordered history; one model may pool several resources.
 */
import type { TraceEvent } from '../../core/trace';
import { featureDesign, LEAD_FEATURES, telemetryGrid, writeFeatures, type TelemetryGrid } from './features';
import { fitGlm, predictGlm, type Design, type Glm, type GlmOptions } from './glm';
import { allocsPerMinute, anyOf, windowCounts } from './labels';
import type { TelemetryBucket } from '../../core/telemetry';

/** One resource's history for training: its telemetry grid, allocations per minute, and the decision minutes to use. */
export interface LeadHistory {
  grid: TelemetryGrid;
  allocs: Float64Array;
  times: Int32Array;
}

/** Model options: horizon H in minutes, minutes of hazard (default H) and the GLM fit options. */
export interface LeadModelOptions extends GlmOptions {
  horizonMin: number;
  hazardMin?: number;
}

/** A fitted lead-signal model. */
export interface LeadModel {
  horizonMin: number;
  anyWithin: Glm;
  hazard: Glm[];
}

/** What the model says at one decision minute. */
export interface LeadPrediction {
  /** P(≥ 1 allocation in [t, t + H)) from the logistic model (uncalibrated). */
  pAny: number;
  /** Expected allocations in each minute t + j, j < hazard minutes. */
  rates: Float64Array;
  /** Sum of `rates`. */
  expected: number;
  /** The minutes ahead [from, to) holding the 25th–75th percentile of the first arrival, or null if P < 0.75 in range. */
  eta: { fromMin: number; toMin: number } | null;
}

/** Builds one resource's history from a trace's events and telemetry, deciding every minute in [fromMs, toMs). */
export function leadHistory(events: readonly TraceEvent[], telemetry: readonly TelemetryBucket[], resourceId: string, startMs: number, endMs: number, fromMs = startMs, toMs = endMs): LeadHistory {
  const grid = telemetryGrid(telemetry, resourceId, startMs, endMs);
  const a = Math.max(0, Math.ceil((fromMs - startMs) / 60_000)), b = Math.min(grid.minutes, Math.floor((toMs - startMs) / 60_000));
  const times = Int32Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
  return { grid, allocs: allocsPerMinute(events, resourceId, startMs, grid.minutes), times };
}

function stack(hs: readonly LeadHistory[]): Design {
  const parts = hs.map((h) => featureDesign(h.grid, h.times));
  const n = parts.reduce((s, p) => s + p.n, 0), d = LEAD_FEATURES.length, x = new Float64Array(n * d);
  let off = 0;
  for (const p of parts) { x.set(p.x, off); off += p.x.length; }
  return { x, n, d };
}

function stackLabels(hs: readonly LeadHistory[], from: number, to: number): Float64Array {
  const parts = hs.map((h) => windowCounts(h.allocs, h.times, from, to));
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}

/** Fits the logistic P(any within H) and the per-minute Poisson hazards on the pooled histories. */
export function fitLeadModel(hs: readonly LeadHistory[], o: LeadModelOptions): LeadModel {
  if (!(o.horizonMin >= 1)) throw new Error('fitLeadModel: horizonMin must be at least 1');
  const x = stack(hs);
  const anyWithin = fitGlm('logit', x, anyOf(stackLabels(hs, 0, o.horizonMin)), o);
  const hazard = Array.from({ length: o.hazardMin ?? o.horizonMin }, (_, j) => fitGlm('log', x, stackLabels(hs, j, j + 1), o));
  return { horizonMin: o.horizonMin, anyWithin, hazard };
}

/** The 25th–75th percentile window of the first arrival under per-minute rates (Poisson within each minute). */
export function etaFromRates(rates: ArrayLike<number>): LeadPrediction['eta'] {
  let cum = 0, from: number | null = null;
  for (let j = 0; j < rates.length; j++) {
    cum += rates[j]!;
    const p = 1 - Math.exp(-cum);
    if (from === null && p >= 0.25) from = j;
    if (p >= 0.75) return { fromMin: from ?? j, toMin: j + 1 };
  }
  return null;
}

/** Predicts at decision minute `t` of a grid (features from the buckets before t). */
export function predictLead(m: LeadModel, g: TelemetryGrid, t: number): LeadPrediction {
  const row = new Float64Array(LEAD_FEATURES.length);
  writeFeatures(g, t, row);
  const rates = Float64Array.from(m.hazard, (h) => predictGlm(h, row));
  return { pAny: predictGlm(m.anyWithin, row), rates, expected: rates.reduce((s, r) => s + r, 0), eta: etaFromRates(rates) };
}
