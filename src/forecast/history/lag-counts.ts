/**
 * @module Causal counts of past allocations over lag windows, read from a sorted array of allocation times. A
 * decision at t either precedes the events at t (a tick) or follows them (after an arrival); the `cut` index says
 * which allocations it has seen, and every feature counts only allocations before the cut.
 */

const MIN = 60_000;

/** Index of the first element ≥ x (or > x when `right`) in the ascending array `a`. */
export function searchSorted(a: ArrayLike<number>, x: number, right = false): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (right ? a[mid]! <= x : a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many allocations a decision at `tMs` has seen: those before t, and those at t when it follows them. */
export function cutIndex(times: ArrayLike<number>, tMs: number, after: boolean): number {
  return searchSorted(times, tMs, after);
}

/**
 * Writes one count per lag window into `out` at `offset`: window j holds the seen allocations in
 * [t − edges[j+1] min, t − edges[j] min), the first window also those at t when seen. `edges` ascend from 0.
 */
export function writeLagCounts(times: ArrayLike<number>, tMs: number, cut: number, edgesMin: readonly number[], out: Float64Array, offset = 0): void {
  let upper = cut;
  for (let j = 0; j + 1 < edgesMin.length; j++) {
    const lower = Math.min(upper, searchSorted(times, tMs - edgesMin[j + 1]! * MIN));
    out[offset + j] = upper - lower;
    upper = lower;
  }
}

/** Allocations not yet seen at the cut that arrive before t + `windowMs` (the count the pool must cover). */
export function countAhead(times: ArrayLike<number>, tMs: number, cut: number, windowMs: number): number {
  return Math.max(0, searchSorted(times, tMs + windowMs) - cut);
}

/** Sorted allocation times of the events that `keep` selects. */
export function allocTimes<E extends { tMs: number; kind: string }>(events: readonly E[], keep: (e: E) => boolean = () => true): Float64Array {
  const out: number[] = [];
  for (const e of events) if (e.kind === 'alloc' && keep(e)) out.push(e.tMs);
  return Float64Array.from(out).sort();
}
