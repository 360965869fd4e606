/**
 * @module A lead-signal model together with its isotonic calibration of P(any), fitted out of fold: the unit that is
 * trained once, kept in the store and scored live. Serialised as JSON (arrays of numbers), validated on load.
 */
import { z } from 'zod';
import { applyIsotonic, fitIsotonic, type IsotonicMap } from '../calibration/isotonic';
import type { Glm } from './glm';
import { LEAD_FEATURES, type TelemetryGrid } from './features';
import { anyOf, windowCounts } from './labels';
import { fitLeadModel, predictLead, type LeadHistory, type LeadModel, type LeadModelOptions, type LeadPrediction } from './model';

/** A fitted model and the calibration of its P(any). */
export interface CalibratedLead {
  model: LeadModel;
  calibration: IsotonicMap;
}

/** Fit options plus the number of contiguous time blocks for the out-of-fold calibration (at least 2). */
export interface CalibratedLeadOptions extends LeadModelOptions {
  folds: number;
}

/**
 * Fits the model on all of `h`, and the calibration on out-of-fold predictions: the decision minutes cut into
 * `folds` contiguous blocks, each predicted by a model fitted on the others (so calibration never sees its own fit).
 */
export function fitCalibratedLead(h: LeadHistory, o: CalibratedLeadOptions): CalibratedLead {
  const folds = Math.max(2, Math.floor(o.folds)), n = h.times.length, p = new Float64Array(n);
  for (let f = 0; f < folds; f++) {
    const a = Math.floor((f * n) / folds), b = Math.floor(((f + 1) * n) / folds);
    const m = fitLeadModel([{ ...h, times: Int32Array.from([...h.times.subarray(0, a), ...h.times.subarray(b)]) }], o);
    for (let i = a; i < b; i++) p[i] = predictLead(m, h.grid, h.times[i]!).pAny;
  }
  const calibration = fitIsotonic(p, anyOf(windowCounts(h.allocs, h.times, 0, o.horizonMin)));
  return { model: fitLeadModel([h], o), calibration };
}

/** The prediction at decision minute `t` with P(any) calibrated. */
export function predictCalibrated(c: CalibratedLead, g: TelemetryGrid, t: number): LeadPrediction {
  const pr = predictLead(c.model, g, t);
  return { ...pr, pAny: applyIsotonic(c.calibration, pr.pAny) };
}

const numbers = z.array(z.number());
const glmSchema = z.strictObject({ family: z.enum(['logit', 'log']), beta: numbers, mean: numbers, scale: numbers, iterations: z.number() });
const storedSchema = z.strictObject({
  version: z.literal(1),
  features: z.array(z.string()),
  horizonMin: z.number().int().min(1),
  anyWithin: glmSchema,
  hazard: z.array(glmSchema),
  calibration: z.strictObject({ thresholds: numbers, values: numbers }),
});

const glmJson = (g: Glm) => ({ family: g.family, beta: [...g.beta], mean: [...g.mean], scale: [...g.scale], iterations: g.iterations });
const glmOf = (g: z.output<typeof glmSchema>): Glm => ({ family: g.family, beta: Float64Array.from(g.beta), mean: Float64Array.from(g.mean), scale: Float64Array.from(g.scale), iterations: g.iterations });

/** The model as JSON bytes, with the feature names it was fitted on. */
export function serializeLead(c: CalibratedLead): Buffer {
  const m = c.model;
  return Buffer.from(JSON.stringify({
    version: 1, features: LEAD_FEATURES, horizonMin: m.horizonMin, anyWithin: glmJson(m.anyWithin), hazard: m.hazard.map(glmJson),
    calibration: { thresholds: [...c.calibration.thresholds], values: [...c.calibration.values] },
  }));
}

/** Parses stored bytes; throws when they are not a model of this version, or were fitted on other features. */
export function parseLead(bytes: Buffer): CalibratedLead {
  const s = storedSchema.parse(JSON.parse(bytes.toString('utf8')));
  if (s.features.join(',') !== LEAD_FEATURES.join(',')) throw new Error('lead model was fitted on other features; train it again');
  const d = LEAD_FEATURES.length + 1;
  for (const g of [s.anyWithin, ...s.hazard]) if (g.beta.length !== d) throw new Error(`lead model has ${g.beta.length} weights, expected ${d}`);
  return {
    model: { horizonMin: s.horizonMin, anyWithin: glmOf(s.anyWithin), hazard: s.hazard.map(glmOf) },
    calibration: { thresholds: Float64Array.from(s.calibration.thresholds), values: Float64Array.from(s.calibration.values) },
  };
}
