/** @module Lead-signal labels: allocations per minute, and counts in the minutes following each decision minute. */
import { BUCKET_MS } from '../../core/telemetry';
import type { TraceEvent } from '../../core/trace';

/** Allocations of one resource per minute over [0, minutes) from `startMs` (events of other resources are ignored). */
export function allocsPerMinute(events: readonly TraceEvent[], resourceId: string, startMs: number, minutes: number): Float64Array {
  const y = new Float64Array(minutes);
  for (const e of events) {
    if (e.kind !== 'alloc' || e.resourceId !== resourceId) continue;
    const m = Math.floor((e.tMs - startMs) / BUCKET_MS);
    if (m >= 0 && m < minutes) y[m]! += 1;
  }
  return y;
}

/** For each decision minute t in `times`: allocations in minutes [t + from, t + to) (0 past the end). */
export function windowCounts(perMinute: Float64Array, times: ArrayLike<number>, from: number, to: number): Float64Array {
  const out = new Float64Array(times.length);
  for (let i = 0; i < times.length; i++) {
    let s = 0;
    for (let m = times[i]! + from; m < times[i]! + to; m++) if (m >= 0 && m < perMinute.length) s += perMinute[m]!;
    out[i] = s;
  }
  return out;
}

/** 1 where the count is positive, else 0. */
export function anyOf(counts: Float64Array): Float64Array {
  return counts.map((c) => (c > 0 ? 1 : 0));
}
