/**
 * @module A lead-signal model together with its isotonic calibration of P(any), fitted out of fold: the unit that is
 * trained once, kept in the store and scored live. Serialised as JSON (arrays of numbers), validated on load.
 */
import { z } from 'zod';
import { applyIsotonic, fitIsotonic, type IsotonicMap } from '../calibration/isotonic';
import { predictGlm, type Glm } from './glm';
import { LEAD_FEATURES, writeFeatures, type TelemetryGrid } from './features';
import { anyOf, windowCounts } from './labels';
import { fitLeadModel, predictLead, type LeadHistory, type LeadModel, type LeadModelOptions, type LeadPrediction } from './model';

/**
 * A fitted model, the out-of-fold models its calibration was fitted on, and that calibration of P(any). The stated
 * P(any) is the fold models' calibrated average (the scores the calibration saw); rates and counts are the full model's.
 */
export interface CalibratedLead {
  model: LeadModel;
  folds: LeadModel[];
  calibration: IsotonicMap;
}

/** Fit options, the number of contiguous time blocks for the calibration (at least 2) and its minimum block weight. */
export interface CalibratedLeadOptions extends LeadModelOptions {
  folds: number;
  calibrationMinWeight?: number;
}

/** What the fit saw out of fold at each decision minute of the history (raw P(any) and hazard rates). */
export interface OutOfFold {
  p: Float64Array;
  rates: Float64Array[];
}

/**
 * Fits the model on all of `h`, and the calibration on out-of-fold predictions: the decision minutes cut into
 * `folds` contiguous blocks, each predicted by a model fitted on the others (so calibration never sees its own fit).
 */
export function fitCalibratedLead(h: LeadHistory, o: CalibratedLeadOptions): CalibratedLead & { outOfFold: OutOfFold } {
  const k = Math.max(2, Math.floor(o.folds)), n = h.times.length, p = new Float64Array(n), rates: Float64Array[] = new Array(n);
  const folds: LeadModel[] = [];
  for (let f = 0; f < k; f++) {
    const a = Math.floor((f * n) / k), b = Math.floor(((f + 1) * n) / k);
    const m = fitLeadModel([{ ...h, times: Int32Array.from([...h.times.subarray(0, a), ...h.times.subarray(b)]) }], o);
    for (let i = a; i < b; i++) {
      const pr = predictLead(m, h.grid, h.times[i]!);
      p[i] = pr.pAny;
      rates[i] = pr.rates;
    }
    folds.push(m);
  }
  const calibration = fitIsotonic(p, anyOf(windowCounts(h.allocs, h.times, 0, o.horizonMin)), undefined, o.calibrationMinWeight ?? 300);
  return { model: fitLeadModel([h], o), folds, calibration, outOfFold: { p, rates } };
}

/** The prediction at decision minute `t`: P(any) is the fold models' calibrated average, the rest the full model's. */
export function predictCalibrated(c: CalibratedLead, g: TelemetryGrid, t: number): LeadPrediction {
  const pr = predictLead(c.model, g, t);
  if (c.folds.length === 0) return { ...pr, pAny: applyIsotonic(c.calibration, pr.pAny) };
  const row = new Float64Array(LEAD_FEATURES.length);
  writeFeatures(g, t, row);
  return { ...pr, pAny: c.folds.reduce((s, m) => s + applyIsotonic(c.calibration, predictGlm(m.anyWithin, row)), 0) / c.folds.length };
}

const numbers = z.array(z.number());
const glmSchema = z.strictObject({ family: z.enum(['logit', 'log']), beta: numbers, mean: numbers, scale: numbers, iterations: z.number() });
const storedSchema = z.strictObject({
  version: z.literal(1),
  features: z.array(z.string()),
  horizonMin: z.number().int().min(1),
  anyWithin: glmSchema,
  hazard: z.array(glmSchema),
  folds: z.array(glmSchema),
  calibration: z.strictObject({ thresholds: numbers, values: numbers }),
});

const glmJson = (g: Glm) => ({ family: g.family, beta: [...g.beta], mean: [...g.mean], scale: [...g.scale], iterations: g.iterations });
const glmOf = (g: z.output<typeof glmSchema>): Glm => ({ family: g.family, beta: Float64Array.from(g.beta), mean: Float64Array.from(g.mean), scale: Float64Array.from(g.scale), iterations: g.iterations });

/** The model as JSON bytes, with the feature names it was fitted on. */
export function serializeLead(c: CalibratedLead): Buffer {
  const m = c.model;
  return Buffer.from(JSON.stringify({
    version: 1, features: LEAD_FEATURES, horizonMin: m.horizonMin, anyWithin: glmJson(m.anyWithin), hazard: m.hazard.map(glmJson),
    folds: c.folds.map((f) => glmJson(f.anyWithin)),
    calibration: { thresholds: [...c.calibration.thresholds], values: [...c.calibration.values] },
  }));
}

/** Parses stored bytes; throws when they are not a model of this version, or were fitted on other features. */
export function parseLead(bytes: Buffer): CalibratedLead {
  const s = storedSchema.parse(JSON.parse(bytes.toString('utf8')));
  if (s.features.join(',') !== LEAD_FEATURES.join(',')) throw new Error('lead model was fitted on other features; train it again');
  const d = LEAD_FEATURES.length + 1;
  for (const g of [s.anyWithin, ...s.hazard, ...s.folds]) if (g.beta.length !== d) throw new Error(`lead model has ${g.beta.length} weights, expected ${d}`);
  return {
    model: { horizonMin: s.horizonMin, anyWithin: glmOf(s.anyWithin), hazard: s.hazard.map(glmOf) },
    // Only a fold's P(any) model is used (for the calibrated average), so only that part is stored.
    folds: s.folds.map((f) => ({ horizonMin: s.horizonMin, anyWithin: glmOf(f), hazard: [] })),
    calibration: { thresholds: Float64Array.from(s.calibration.thresholds), values: Float64Array.from(s.calibration.values) },
  };
}
