/** @module Trace types: resources, allocation/release events and telemetry buckets, shared by importers, simulator and backtest. */
import type { TelemetryBucket } from './telemetry';

/** A resource as a trace names it (a flavor, a tenant batch class, an autoscaling group, a device class). */
export interface TraceResource {
  id: string;
  kind: 'interface' | 'group';
  name: string;
  attrs: Record<string, unknown>;
}

/** Whether an address was taken or given back. */
export type TraceEventKind = 'alloc' | 'release';

/** One allocation or release; `key` pairs a release with its allocation (a VM, lease or client id). */
export interface TraceEvent {
  tMs: number;
  resourceId: string;
  kind: TraceEventKind;
  key: string;
}

/** One resource's one-minute telemetry bucket, in the collector's features. */
export type { TelemetryBucket };

/** A whole trace: events sorted by time (allocs before releases at equal times), telemetry sorted by bucket. */
export interface Trace {
  name: string;
  startMs: number;
  endMs: number;
  resources: TraceResource[];
  events: TraceEvent[];
  telemetry: TelemetryBucket[];
}

/** Sorts events in place by time, then allocs before releases, then key; returns the same array. */
export function sortEvents(events: TraceEvent[]): TraceEvent[] {
  return events.sort((a, b) => a.tMs - b.tMs || (a.kind === b.kind ? 0 : a.kind === 'alloc' ? -1 : 1) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
