/**
 * @module ipshadow's lead-signal pool policy: per resource, a lead-signal model trained on the history before
 * `trainEndMs`, with an isotonic calibration of P(any) fitted on out-of-fold predictions (the training span cut into
 * contiguous time blocks, one per day by default; each block predicted by a model fitted on the others). The same
 * out-of-fold predictions replay the training days through the decision rule (lead-decider.ts) once per candidate
 * newsvendor level, and the level with the lowest training-days cost is kept: the expected idle time of a marginal
 * address is learnt from the training days, never from the days it is measured on.
 */
import type { TelemetryBucket } from '../core/telemetry';
import type { TraceEvent } from '../core/trace';
import { applyIsotonic } from '../forecast/calibration/isotonic';
import { fitCalibratedLead, predictCalibrated, type CalibratedLead } from '../forecast/lead/calibrated';
import { conditionalPmf, fitConditionalCounts, fitOutOfFoldCounts, type ConditionalCounts } from '../forecast/lead/conditional-count';
import type { TelemetryGrid } from '../forecast/lead/features';
import { windowCounts } from '../forecast/lead/labels';
import { leadHistory, type LeadHistory } from '../forecast/lead/model';
import type { PolicyFactory } from './backtest';
import { criticalRatio, type CostModel } from './cost';
import { clumpPmf, leadDecider, type MinutePrediction } from './lead-decider';
import { summarise } from './metrics';
import { simulatePool } from './pool-sim';

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
  /** Smallest weight (decisions) behind one calibrated value; lighter isotonic blocks merge into a neighbour unless significantly different (default 300). */
  calibrationMinWeight?: number;
  /** Expected idle minutes of a marginal address in the newsvendor ratio; default: tuned on the training days. */
  idleMin?: number;
  /** The window count's shape: the hurdle Poisson or the learnt conditional pmf; default: tuned on the training days. */
  countShape?: CountShape;
  /** Fewest training minutes behind one bin of the conditional count pmf (default 250). */
  countMinPerBin?: number;
}

/** How the tick sizes: from the hurdle Poisson of P(any) and the hazard's mean, or the learnt conditional pmf. */
export type CountShape = 'hurdle' | 'conditional';
/** Count shapes tried on the training days. */
export const LEAD_COUNT_SHAPES: readonly CountShape[] = ['hurdle', 'conditional'];

/** Idle-minute assumptions tried on the training days. */
export const LEAD_IDLE_GRID = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];
/** Thresholds on the calibrated P(any) tried on the training days (null: 1 − level, where one address breaks even). */
export const LEAD_THRESHOLD_GRID: readonly (number | null)[] = [null, 0.1, 0.2, 0.35];

/** A resource's trained, calibrated model with its history grid and the knobs tuned on training days (for reports and tests). */
export interface TrainedLead extends CalibratedLead {
  history: LeadHistory;
  windowMin: number;
  /** Allocations per busy minute on the training days (pmf; index 0 unused). */
  clump?: Float64Array;
  /** The idle-minute assumption chosen on the training days, and its newsvendor level. */
  idleMin?: number;
  level?: number;
  /** The P(any) threshold chosen on the training days (absent: 1 − level). */
  threshold?: number;
  /** Window count pmf by out-of-fold expected count, fitted on the training days, and the shape chosen there. */
  counts?: ConditionalCounts;
  countShape?: CountShape;
}

/** The policy's view at decision minute t: the calibrated P(any) and the full model's per-minute rates. */
export function predictTrained(tr: TrainedLead, g: TelemetryGrid, t: number): MinutePrediction {
  const pr = predictCalibrated(tr, g, t);
  const pmf = tr.countShape === 'conditional' && tr.counts ? conditionalPmf(tr.counts, pr.expected) : undefined;
  return { p: pr.pAny, rates: pr.rates, expected: pr.expected, ...(pmf && { pmf }) };
}

const WARM_MIN = 15;

/** Trains one resource's model on [start + 15 min, trainEnd − window), its isotonic calibration out of fold, and its level. */
export function trainLead(rid: string, o: LeadPolicyOptions, cost: CostModel): TrainedLead {
  const windowMin = Math.ceil((o.tickMs + cost.latencyMs) / MIN);
  const h = leadHistory(o.events, o.telemetry, rid, o.startMs, o.endMs, o.startMs + WARM_MIN * MIN, o.trainEndMs - windowMin * MIN);
  const folds = o.calibrationFolds ?? Math.max(2, Math.floor((o.trainEndMs - o.startMs) / 86_400_000)), n = h.times.length;
  const { outOfFold, ...fitted } = fitCalibratedLead(h, { horizonMin: windowMin, ridge: o.ridge ?? 1, folds, calibrationMinWeight: o.calibrationMinWeight ?? 300 });
  const clump = clumpPmf(h.allocs.subarray(h.times[0] ?? 0, (h.times[n - 1] ?? -1) + 1));
  const expected = outOfFold.rates.map((r) => r.reduce((x, y) => x + y, 0)), labels = windowCounts(h.allocs, h.times, 0, windowMin);
  // Binned on out-of-fold expected counts, so each bin's pmf is what followed predictions the fit had not seen.
  const minPerBin = o.countMinPerBin ?? 250;
  const counts = fitConditionalCounts(expected, labels, minPerBin);
  // The replay reads pmfs fitted without the replayed block, so the learnt shape gets no in-sample edge over the hurdle.
  const foldCounts = fitOutOfFoldCounts(expected, labels, folds, minPerBin);
  const trained: TrainedLead = { ...fitted, history: h, windowMin, clump, counts };
  const oof = (i: number, shape: CountShape): MinutePrediction => {
    const pr = { p: applyIsotonic(fitted.calibration, outOfFold.p[i]!), rates: outOfFold.rates[i]!, expected: expected[i]! };
    return shape === 'conditional' ? { ...pr, pmf: conditionalPmf(foldCounts(i), pr.expected) } : pr;
  };
  const tuned = o.idleMin !== undefined ? { idle: o.idleMin, threshold: o.threshold ?? null, shape: o.countShape ?? 'hurdle' } : tune(rid, o, cost, trained, oof);
  const level = criticalRatio(cost, tuned.idle * MIN);
  return { ...trained, idleMin: tuned.idle, level, threshold: tuned.threshold ?? 1 - level, countShape: tuned.shape };
}

function deciderFor(tr: TrainedLead, o: LeadPolicyOptions, cost: CostModel, idleMin: number, threshold: number | null, predict: (t: number) => MinutePrediction) {
  const level = criticalRatio(cost, idleMin * MIN);
  return leadDecider(predict, { startMs: o.startMs, tickMs: o.tickMs, latencyMs: cost.latencyMs, level, threshold: threshold ?? 1 - level, clump: tr.clump ?? clumpPmf([]) });
}

interface Tuned { idle: number; threshold: number | null; shape: CountShape }

/** Replays the training days with out-of-fold predictions (`oof(i, shape)` for the i-th training minute) per candidate level, threshold and count shape. */
function tune(rid: string, o: LeadPolicyOptions, cost: CostModel, tr: TrainedLead, oof: (i: number, shape: CountShape) => MinutePrediction): Tuned {
  const times = tr.history.times;
  if (!times.length) return { idle: tr.windowMin, threshold: o.threshold ?? null, shape: o.countShape ?? 'hurdle' };
  const t0 = times[0]!, fromMs = o.startMs + t0 * MIN, toMs = o.startMs + (times[times.length - 1]! + 1) * MIN;
  const ev = o.events.filter((e) => e.resourceId === rid && e.tMs >= fromMs && e.tMs < toMs);
  let best: Tuned & { c: number } = { idle: tr.windowMin, threshold: null, shape: 'hurdle', c: Infinity };
  for (const shape of o.countShape !== undefined ? [o.countShape] : LEAD_COUNT_SHAPES) {
    const cache = new Map<number, MinutePrediction>();
    const predict = (t: number): MinutePrediction => {
      const i = Math.min(times.length - 1, Math.max(0, t - t0));
      let v = cache.get(i);
      if (!v) cache.set(i, (v = oof(i, shape)));
      return v;
    };
    for (const idle of LEAD_IDLE_GRID) for (const threshold of o.threshold !== undefined ? [o.threshold] : LEAD_THRESHOLD_GRID) {
      const c = summarise([simulatePool(ev, deciderFor(tr, o, cost, idle, threshold, predict), cost, fromMs, toMs, o.tickMs)], cost).cost;
      if (c < best.c) best = { idle, threshold, shape, c };
    }
  }
  return { idle: best.idle, threshold: best.threshold, shape: best.shape };
}

/** Builds the policy factory: ticks size from the model, allocations inside a tick re-size at once (lead-decider.ts). */
export function leadPolicy(o: LeadPolicyOptions): PolicyFactory {
  if (o.trainEndMs <= o.startMs + 2 * WARM_MIN * MIN) throw new Error('leadPolicy: trainEndMs leaves no training history');
  return (rid, _events, cost) => {
    const tr = trainLead(rid, o, cost);
    return deciderFor(tr, o, cost, tr.idleMin ?? tr.windowMin, tr.threshold ?? null, (t) => predictTrained(tr, tr.history.grid, t));
  };
}
