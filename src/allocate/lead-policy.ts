/**
 * @module ipshadow's lead-signal pool policy: per resource, a lead-signal model trained on the history before
 * `trainEndMs`, with an isotonic calibration of P(any) fitted on out-of-fold predictions (the training span cut into
 * contiguous time blocks, one per day by default; each block predicted by a model fitted on the others), then at each tick: if
 * the calibrated P(≥ 1 allocation within one tick plus one latency) exceeds the threshold, hold the newsvendor
 * quantile of the count over that window (a hurdle Poisson with that P and the hazard's mean), else hold nothing.
 */
import type { TelemetryBucket } from '../core/telemetry';
import type { TraceEvent } from '../core/trace';
import { applyIsotonic, fitIsotonic, type IsotonicMap } from '../forecast/calibration/isotonic';
import { hurdleCdf } from '../forecast/lead/count';
import { anyOf, windowCounts } from '../forecast/lead/labels';
import { fitLeadModel, leadHistory, predictLead, type LeadHistory, type LeadModel } from '../forecast/lead/model';
import type { PolicyFactory } from './backtest';
import { criticalRatio, newsvendorK, type CostModel } from './cost';

const MIN = 60_000;

/** The history to learn from, the training cut, and the policy's knobs. */
export interface LeadPolicyOptions {
  /** Every event and telemetry bucket known (the model reads only what lies before `trainEndMs`; features before t). */
  events: readonly TraceEvent[];
  telemetry: readonly TelemetryBucket[];
  startMs: number;
  endMs: number;
  tickMs: number;
  trainEndMs: number;
  /** Contiguous time blocks for the out-of-fold calibration (default: one per whole day of training, at least 2). */
  calibrationFolds?: number;
  /** Reserve only above this calibrated P(any); default 1 − the newsvendor level (where one address breaks even). */
  threshold?: number;
  ridge?: number;
}

/** A resource's trained model and calibration, with its history grid (exported for reports and tests). */
export interface TrainedLead {
  model: LeadModel;
  calibration: IsotonicMap;
  history: LeadHistory;
  windowMin: number;
}

const WARM_MIN = 15;

/** Trains one resource's model on [start + 15 min, trainEnd − window) and its isotonic calibration out of fold. */
export function trainLead(rid: string, o: LeadPolicyOptions, cost: CostModel): TrainedLead {
  const windowMin = Math.ceil((o.tickMs + cost.latencyMs) / MIN);
  const h = leadHistory(o.events, o.telemetry, rid, o.startMs, o.endMs, o.startMs + WARM_MIN * MIN, o.trainEndMs - windowMin * MIN);
  const mo = { horizonMin: windowMin, ridge: o.ridge ?? 1 };
  const folds = o.calibrationFolds ?? Math.max(2, Math.floor((o.trainEndMs - o.startMs) / 86_400_000)), n = h.times.length, p = new Float64Array(n);
  for (let f = 0; f < folds; f++) {
    const a = Math.floor((f * n) / folds), b = Math.floor(((f + 1) * n) / folds);
    const m = fitLeadModel([{ ...h, times: Int32Array.from([...h.times.subarray(0, a), ...h.times.subarray(b)]) }], mo);
    for (let i = a; i < b; i++) p[i] = predictLead(m, h.grid, h.times[i]!).pAny;
  }
  const calibration = fitIsotonic(p, anyOf(windowCounts(h.allocs, h.times, 0, windowMin)));
  return { model: fitLeadModel([h], mo), calibration, history: h, windowMin };
}

/** Builds the policy factory; it acts on tick boundaries only and drops ready addresses it no longer wants. */
export function leadPolicy(o: LeadPolicyOptions): PolicyFactory {
  if (o.trainEndMs <= o.startMs + 2 * WARM_MIN * MIN) throw new Error('leadPolicy: trainEndMs leaves no training history');
  return (rid, _events, cost) => {
    const tr = trainLead(rid, o, cost);
    const level = criticalRatio(cost, tr.windowMin * MIN);
    const threshold = o.threshold ?? 1 - level;
    return {
      decide: (s) => {
        if ((s.tMs - o.startMs) % o.tickMs !== 0) return 0;
        const t = Math.floor((s.tMs - o.startMs) / MIN);
        const pr = predictLead(tr.model, tr.history.grid, t);
        const p = applyIsotonic(tr.calibration, pr.pAny);
        const k = p > threshold ? Math.max(1, newsvendorK(hurdleCdf(p, pr.expected), level, 1000)) : 0;
        return k - (s.ready + s.pending);
      },
    };
  };
}
