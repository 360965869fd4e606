/**
 * @module The history model's rows: where a pool decides (every tick, before that instant's events, and right after
 * each instant with allocations of the resource), the lag counts it has seen there, and the allocations that follow
 * within the window. Rows are built the same way for training and for live decisions, so they cannot drift apart.
 */
import { countAhead, cutIndex, writeLagCounts } from './lag-counts';

/** Allocation times the features read: the resource's own and, optionally, every resource's (both ascending). */
export interface HistorySource {
  own: Float64Array;
  all: Float64Array | null;
  ownEdgesMin: readonly number[];
  allEdgesMin: readonly number[];
}

/** Own lag windows (minutes back): a deployment's next VMs follow within minutes, the level over hours. */
export const OWN_EDGES_MIN: readonly number[] = [0, 1, 2, 5, 15, 60, 240];
/** Every resource's lag windows: a busy minute anywhere hints at a tenant deploying several flavors. */
export const ALL_EDGES_MIN: readonly number[] = [0, 1, 5, 30];

/** Features per row for a source. */
export function featureCount(src: HistorySource): number {
  return src.ownEdgesMin.length - 1 + (src.all ? src.allEdgesMin.length - 1 : 0);
}

/**
 * Writes a decision's features at `offset`; `after` says the resource's own allocations at `tMs` have been seen.
 * Every resource's allocations count only strictly before `tMs`: a decision after an arrival need not see the rest
 * of that instant. Returns the own cut.
 */
export function writeHistoryFeatures(src: HistorySource, tMs: number, after: boolean, out: Float64Array, offset = 0): number {
  const cut = cutIndex(src.own, tMs, after);
  writeLagCounts(src.own, tMs, cut, src.ownEdgesMin, out, offset);
  if (src.all) writeLagCounts(src.all, tMs, cutIndex(src.all, tMs, false), src.allEdgesMin, out, offset + src.ownEdgesMin.length - 1);
  return cut;
}

/** Decision points in [fromMs, toMs): ticks from `fromMs` (before events) and own-allocation instants (after), in time order. */
export function decisionPoints(own: Float64Array, fromMs: number, toMs: number, tickMs: number): { tMs: Float64Array; after: Uint8Array } {
  const t: number[] = [], a: number[] = [];
  let i = cutIndex(own, fromMs, false);
  for (let tick = fromMs; tick < toMs; tick += tickMs) {
    for (; i < own.length && own[i]! < tick; i++) if (i === 0 || own[i - 1] !== own[i]) { t.push(own[i]!); a.push(1); }
    t.push(tick); a.push(0);
  }
  for (; i < own.length && own[i]! < toMs; i++) if (i === 0 || own[i - 1] !== own[i]) { t.push(own[i]!); a.push(1); }
  return { tMs: Float64Array.from(t), after: Uint8Array.from(a) };
}

/** One row per decision point: features `x` (row-major, `d` per row) and the allocations within `windowMs` after it. */
export function historyRows(src: HistorySource, points: { tMs: Float64Array; after: Uint8Array }, windowMs: number): { x: Float64Array; y: Float64Array; d: number } {
  const d = featureCount(src), n = points.tMs.length, x = new Float64Array(n * d), y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const t = points.tMs[r]!, cut = writeHistoryFeatures(src, t, points.after[r] === 1, x, r * d);
    y[r] = countAhead(src.own, t, cut, windowMs);
  }
  return { x, y, d };
}
