/** @module Turns trace events into per-resource count series (allocations per step), the forecasters' input. */
import type { Trace, TraceEvent } from '../core/trace';

/** Allocations per step for each resource, in `trace.resources` order; step `i` covers [start + i·step, start + (i+1)·step). */
export function allocationSeries(trace: Trace, stepMs: number): { ids: string[]; series: Float64Array[] } {
  const n = Math.max(1, Math.ceil((trace.endMs - trace.startMs) / stepMs));
  const ids = trace.resources.map((r) => r.id);
  const at = new Map(ids.map((id, i) => [id, i]));
  const series = ids.map(() => new Float64Array(n));
  for (const e of trace.events) {
    if (e.kind !== 'alloc') continue;
    const s = series[at.get(e.resourceId) ?? -1];
    const i = Math.floor((e.tMs - trace.startMs) / stepMs);
    if (s && i >= 0 && i < n) s[i]! += 1;
  }
  return { ids, series };
}

/** Allocations per tick of one event list; one extra tick past `endMs` so an event at the very end still counts. */
export function allocationsPerTick(events: readonly TraceEvent[], startMs: number, endMs: number, tickMs: number): Float64Array {
  const y = new Float64Array(Math.max(1, Math.ceil((endMs - startMs) / tickMs) + 1));
  for (const e of events) if (e.kind === 'alloc') y[Math.floor((e.tMs - startMs) / tickMs)]! += 1;
  return y;
}
