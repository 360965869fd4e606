/**
 * @module ipshadow's history-driven pool policy, for traces with no telemetry: the resource's own recent allocations
 * (and every resource's) are the lead signal. A self-exciting linear score ranks each decision, the window count's
 * pmf is learnt per score bin (conditional-count.ts), and the pool holds its newsvendor quantile. The window, the
 * idle time in the newsvendor ratio and the release rule are chosen by replaying the training span with pmfs fitted
 * out of fold (one block per day), so nothing is tuned on the span it is measured on. Every decision reads only
 * allocations it has seen: the resource's own before t (and at t once they arrived), every resource's strictly before t.
 */
import type { TraceEvent } from '../core/trace';
import { conditionalPmf, fitConditionalCounts, fitOutOfFoldCounts, type ConditionalCounts } from '../forecast/lead/conditional-count';
import { allocTimes, countAhead, cutIndex, searchSorted } from '../forecast/history/lag-counts';
import { decisionPoints, featureCount, historyRows, writeHistoryFeatures, ALL_EDGES_MIN, OWN_EDGES_MIN, type HistorySource } from '../forecast/history/samples';
import { excitation, fitSelfExciting, type SelfExcitingModel } from '../forecast/history/self-exciting';
import type { PolicyFactory } from './backtest';
import { criticalRatio, type CostModel } from './cost';
import { pmfQuantile } from './lead-decider';
import { summarise } from './metrics';
import { simulatePool, type PoolPolicy } from './pool-sim';

const MIN = 60_000;

/** The history to learn from, where training ends, and the knobs (each tuned on the training span when absent). */
export interface HistoryPolicyOptions {
  /** Every event known, training span and measured span alike; a decision reads only what it has seen. */
  events: readonly TraceEvent[];
  /** Tick origin of the measured span. */
  startMs: number;
  tickMs: number;
  trainFromMs: number;
  trainEndMs: number;
  /** Train on at most this many days before `trainEndMs` (default 7: one weekly cycle; demand drifts, flavor b doubled over the Azure train split). */
  recentDays?: number;
  /** Read every resource's allocations as well as the resource's own (default true). */
  crossResource?: boolean;
  windowMin?: number;
  idleMin?: number;
  /** Release only down to the keep size (null: down to the order-up-to size). */
  keep?: Keep | null;
  /** Fewest training decisions behind one bin of the conditional pmf (default 250). */
  minPerBin?: number;
  ridge?: number;
}

/** Windows (minutes of demand a decision covers) and idle-minute assumptions tried on the training span. */
export const HISTORY_WINDOW_GRID = [1, 2, 3];
export const HISTORY_IDLE_GRID = [0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];

/** The release rule: a ready address is kept while the count over `windowMin` minutes reaches it with probability `level`. */
export interface Keep {
  windowMin: number;
  level: number;
}

/** Release rules tried on the training span, after the window and idle time (null: release down to the order-up-to size). */
export const HISTORY_KEEP_GRID: readonly (Keep | null)[] = [null, ...[5, 15, 60].flatMap((windowMin) => [0.5, 0.8, 0.95].map((level) => ({ windowMin, level })))];

/** A resource's trained model and the knobs chosen on its training span. */
export interface TrainedHistory {
  src: HistorySource;
  model: SelfExcitingModel;
  counts: ConditionalCounts;
  /** The keep window's count pmf per score bin (null when addresses are released down to the order-up-to size). */
  keepCounts: ConditionalCounts | null;
  keep: Keep | null;
  windowMin: number;
  idleMin: number;
  level: number;
  /** Training-span cost of the chosen knobs (out-of-fold pmfs). */
  trainCost: number;
}

/** Order-up-to size and keep size for a decision's score at t. */
export type HistorySizer = (score: number, tMs: number) => readonly [up: number, keep: number];

/** The policy for one resource: tops up to the order-up-to size, releases only beyond the larger of the two sizes. */
export function historyDecider(src: HistorySource, model: SelfExcitingModel, size: HistorySizer, startMs: number, tickMs: number): PoolPolicy {
  const row = new Float64Array(featureCount(src));
  let lastT = Number.NaN;
  return {
    decide: (s) => {
      // The replay decides at a tick before that instant's events and again after them; off-tick calls follow arrivals.
      const after = s.tMs === lastT || (s.tMs - startMs) % tickMs !== 0;
      lastT = s.tMs;
      writeHistoryFeatures(src, s.tMs, after, row);
      const [up, keep] = size(excitation(model, row), s.tMs), pos = s.ready + s.pending;
      if (pos < up) return up - pos;
      // An address dropped now and needed soon waits a whole latency, so releases stop at the keep size.
      return Math.min(0, Math.max(up, keep) - pos);
    },
  };
}

/** Newsvendor quantile of the pmf a score reads, cached per pmf. */
function quantiler(level: number): (c: ConditionalCounts, score: number) => number {
  const cache = new Map<Float64Array, number>();
  return (c, score) => {
    const pmf = conditionalPmf(c, score);
    let k = cache.get(pmf);
    if (k === undefined) cache.set(pmf, (k = pmfQuantile(pmf, level)));
    return k;
  };
}

/** Sizes from the window pmfs at `level` and, when given, the keep window's pmfs at the keep level. */
export function historySizer(counts: (tMs: number) => ConditionalCounts, level: number, keep: { counts: (tMs: number) => ConditionalCounts; level: number } | null): HistorySizer {
  const up = quantiler(level), kq = keep ? quantiler(keep.level) : null;
  return (score, tMs) => [up(counts(tMs), score), kq && keep ? kq(keep.counts(tMs), score) : 0];
}

const WARM_MIN = 240;

interface Fit {
  model: SelfExcitingModel;
  points: { tMs: Float64Array; after: Uint8Array };
  score: Float64Array;
  counts: ConditionalCounts;
  foldAt: (tMs: number) => ConditionalCounts;
}

/** Fits the score and the window pmfs (all rows, and out of fold for replays) on the training decision points. */
function fitWindow(src: HistorySource, fromMs: number, o: HistoryPolicyOptions, windowMin: number, folds: number): Fit {
  const points = decisionPoints(src.own, fromMs, o.trainEndMs - windowMin * MIN, o.tickMs);
  const { x, y, d } = historyRows(src, points, windowMin * MIN);
  const model = fitSelfExciting(x, y, d, o.ridge ?? 1);
  const score = Float64Array.from(y, (_, i) => excitation(model, x, i * d));
  const { counts, foldAt } = pmfs(score, y, points.tMs, folds, o.minPerBin ?? 250);
  return { model, points, score, counts, foldAt };
}

/** Pmfs per score bin on all rows, and out of fold by contiguous blocks, read by the time of a decision. */
function pmfs(score: Float64Array, y: Float64Array, times: Float64Array, folds: number, minPerBin: number): { counts: ConditionalCounts; foldAt: (tMs: number) => ConditionalCounts } {
  // Replays read the pmf fitted without their own block, so the chosen knobs are not flattered by in-sample pmfs.
  const oof = fitOutOfFoldCounts(score, y, folds, minPerBin);
  return { counts: fitConditionalCounts(score, y, minPerBin), foldAt: (t) => oof(Math.min(times.length - 1, searchSorted(times, t))) };
}

/** The count over `keepMin` minutes after each training decision point. */
function keepLabels(src: HistorySource, points: Fit['points'], keepMin: number): Float64Array {
  return Float64Array.from(points.tMs, (t, i) => countAhead(src.own, t, cutIndex(src.own, t, points.after[i] === 1), keepMin * MIN));
}

/**
 * Trains one resource: per window, fits the score and pmfs and replays the training span per idle assumption; then,
 * for the cheapest, replays each release rule. Returns the model with the cheapest knobs.
 */
export function trainHistory(rid: string, o: HistoryPolicyOptions, cost: CostModel, all: Float64Array | null): TrainedHistory {
  const own = allocTimes(o.events, (e) => e.resourceId === rid);
  const src: HistorySource = { own, all, ownEdgesMin: OWN_EDGES_MIN, allEdgesMin: ALL_EDGES_MIN };
  const fromMs = Math.max(o.trainFromMs, o.trainEndMs - (o.recentDays ?? 7) * 86_400_000) + WARM_MIN * MIN, folds = Math.max(2, Math.floor((o.trainEndMs - fromMs) / 86_400_000));
  const ev = o.events.filter((e) => e.resourceId === rid && e.tMs >= fromMs && e.tMs < o.trainEndMs);
  const replay = (f: Fit, size: HistorySizer) => summarise([simulatePool(ev, historyDecider(src, f.model, size, fromMs, o.tickMs), cost, fromMs, o.trainEndMs, o.tickMs)], cost).cost;
  let best: (TrainedHistory & { fit: Fit }) | null = null;
  for (const windowMin of o.windowMin !== undefined ? [o.windowMin] : HISTORY_WINDOW_GRID) {
    const fit = fitWindow(src, fromMs, o, windowMin, folds);
    for (const idleMin of o.idleMin !== undefined ? [o.idleMin] : HISTORY_IDLE_GRID) {
      const level = criticalRatio(cost, idleMin * MIN), c = replay(fit, historySizer(fit.foldAt, level, null));
      if (!best || c < best.trainCost) best = { src, model: fit.model, counts: fit.counts, keepCounts: null, keep: null, windowMin, idleMin, level, trainCost: c, fit };
    }
  }
  const { fit, ...chosen } = best!;
  let out: TrainedHistory = chosen;
  for (const keep of o.keep !== undefined ? [o.keep] : HISTORY_KEEP_GRID) {
    if (!keep) continue;
    const k = pmfs(fit.score, keepLabels(src, fit.points, keep.windowMin), fit.points.tMs, folds, o.minPerBin ?? 250);
    const c = replay(fit, historySizer(fit.foldAt, chosen.level, { counts: k.foldAt, level: keep.level }));
    if (c < out.trainCost) out = { ...chosen, keepCounts: k.counts, keep, trainCost: c };
  }
  return out;
}

/** Builds the policy factory; each resource trains on [trainFrom, trainEnd) and is measured wherever the backtest runs it. */
export function historyPolicy(o: HistoryPolicyOptions, trained?: Map<string, TrainedHistory>): PolicyFactory {
  if (o.trainEndMs <= o.trainFromMs + 2 * WARM_MIN * MIN) throw new Error('historyPolicy: the training span is shorter than its warm-up');
  const all = o.crossResource === false ? null : allocTimes(o.events);
  return (rid, _events, cost) => {
    const tr = trained?.get(rid) ?? trainHistory(rid, o, cost, all);
    trained?.set(rid, tr);
    const keep = tr.keep && tr.keepCounts ? { counts: () => tr.keepCounts!, level: tr.keep.level } : null;
    return historyDecider(tr.src, tr.model, historySizer(() => tr.counts, tr.level, keep), o.startMs, o.tickMs);
  };
}
