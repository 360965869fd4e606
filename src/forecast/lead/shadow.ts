/**
 * @module A shadow inventory entry from the lead-signal model: calibrated P(any) over the model's horizon, count
 * quantiles from the hurdle Poisson, and the ETA window from the per-minute hazard.
 */
import type { ShadowEntry } from '../../core/shadow';
import { BUCKET_MS } from '../../core/telemetry';
import { hurdleCdf } from './count';
import type { TelemetryGrid } from './features';
import { predictCalibrated, type CalibratedLead } from './calibrated';
import { predictLead, type LeadModel } from './model';

/** What the entry describes, and for a bare model the calibration to apply to its P(any) (identity if absent). */
export interface LeadEntryContext {
  resourceId: string;
  resourceType: string;
  calibrate?: (p: number) => number;
  levels?: number[];
}

function quantile(cdf: (k: number) => number, p: number): number {
  let k = 0;
  while (k < 10_000 && cdf(k) < p) k++;
  return k;
}

/** The entry at decision minute `t` of the grid (as of the minute's start; valid for one minute); a calibrated model states its own P(any). */
export function leadShadowEntry(m: LeadModel | CalibratedLead, g: TelemetryGrid, t: number, c: LeadEntryContext): ShadowEntry {
  const calibrated = 'calibration' in m, model = calibrated ? m.model : m;
  const pr = calibrated ? predictCalibrated(m, g, t) : predictLead(m, g, t);
  const pAny = !calibrated && c.calibrate ? c.calibrate(pr.pAny) : pr.pAny;
  const cdf = hurdleCdf(pAny, pr.expected), asOfMs = g.startMs + t * BUCKET_MS;
  return {
    resourceId: c.resourceId, asOfMs, horizonMs: model.horizonMin * BUCKET_MS, pAny,
    quantiles: (c.levels ?? [0.1, 0.5, 0.9, 0.99]).map((p) => ({ p, count: quantile(cdf, p) })),
    eta: pr.eta && { fromMs: asOfMs + pr.eta.fromMin * BUCKET_MS, toMs: asOfMs + pr.eta.toMin * BUCKET_MS },
    resourceType: c.resourceType, expectedBandwidthBps: null, model: 'lead-signal', validUntilMs: asOfMs + BUCKET_MS,
  };
}
