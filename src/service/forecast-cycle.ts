/**
 * @module The forecast cycle that fills the shadow inventory: every interval, count each resource's allocations per
 * step from the store's event log, forecast all the count series at once, and upsert one entry per (resource, horizon).
 */
import type { ForecastConfig } from '../config/schema';
import { systemClock, type Clock } from '../core/ports';
import type { ShadowEntry } from '../core/shadow';
import { kalmanForecaster } from '../forecast/kalman';
import { toShadowEntry } from '../forecast/shadow-entry';
import type { Forecaster } from '../forecast/types';
import type { Log } from '../log/logger';
import type { AllocationEvent, Store } from '../store';
import { leadModelled } from './lead-cycle';
import { startPeriodic, type Periodic, type RunListener } from './periodic';

/**
 * Event types that mean an allocation, by the log that writes them. The Kea hook and the engine may both record the
 * same allocation, so each step counts the larger of the two logs, never their sum.
 */
export const ALLOCATION_EVENT_TYPES = {
  kea: ['kea.lease4_committed', 'kea.group_claim'],
  engine: ['allocation.hit', 'allocation.miss'],
} as const;

/** `steps` steps of `stepMs` that end (exclusive) at `endMs`. */
export interface StepGrid {
  endMs: number;
  stepMs: number;
  steps: number;
}

/** The grid of the `steps` complete steps before `now` (step boundaries are multiples of `stepMs`). */
export function stepGrid(now: number, stepMs: number, steps: number): StepGrid {
  return { endMs: Math.floor(now / stepMs) * stepMs, stepMs, steps };
}

/** First instant of the grid. */
export const gridStart = (g: StepGrid): number => g.endMs - g.steps * g.stepMs;

const SOURCE = new Map<string, 'kea' | 'engine'>(
  Object.entries(ALLOCATION_EVENT_TYPES).flatMap(([source, types]) => types.map((t) => [t, source as 'kea' | 'engine'] as const)),
);

/** Allocation counts per step for each resource with at least one allocation on the grid, by resource id. */
export function allocationCounts(events: readonly AllocationEvent[], g: StepGrid): Map<string, Float64Array> {
  const start = gridStart(g);
  const bySource = { kea: new Map<string, Float64Array>(), engine: new Map<string, Float64Array>() };
  for (const e of events) {
    const source = SOURCE.get(e.type);
    const step = Math.floor((e.ts - start) / g.stepMs);
    if (!source || step < 0 || step >= g.steps) continue;
    const m = bySource[source];
    const series = m.get(e.resourceId) ?? m.set(e.resourceId, new Float64Array(g.steps)).get(e.resourceId)!;
    series[step]! += 1;
  }
  const ids = [...new Set([...bySource.kea.keys(), ...bySource.engine.keys()])].sort();
  const none = new Float64Array(g.steps);
  return new Map(ids.map((id) => {
    const kea = bySource.kea.get(id) ?? none, engine = bySource.engine.get(id) ?? none;
    return [id, kea.map((k, i) => Math.max(k, engine[i]!))];
  }));
}

/** What the entries describe besides the counts. */
export interface EntryInfo {
  /** Horizons in steps; the forecast runs to the longest. */
  horizonsSteps: readonly number[];
  validForMs: number;
  resourceType(resourceId: string): string;
  bandwidthBps(resourceId: string): number | null;
}

/** Forecasts every series at once and builds one entry per (resource, horizon), as of the grid's end. */
export function forecastEntries(counts: ReadonlyMap<string, Float64Array>, forecaster: Forecaster, g: StepGrid, info: EntryInfo): ShadowEntry[] {
  if (counts.size === 0) return [];
  const ids = [...counts.keys()];
  const forecasts = forecaster.forecast([...counts.values()], Math.max(...info.horizonsSteps));
  return ids.flatMap((resourceId, i) => info.horizonsSteps.map((horizonSteps) => toShadowEntry(forecasts[i]!, {
    resourceId, asOfMs: g.endMs, stepMs: g.stepMs, horizonSteps, resourceType: info.resourceType(resourceId),
    expectedBandwidthBps: info.bandwidthBps(resourceId), validForMs: info.validForMs,
  })));
}

/** What the cycle reads from and writes to. */
export interface ForecastCycleDeps {
  store: Pick<Store, 'shadow' | 'resources' | 'telemetry' | 'models'>;
  config: ForecastConfig;
  log: Log;
  /** Kalman (local level) unless another model is given. */
  forecaster?: Forecaster;
  clock?: Clock;
  /** Hears each finished cycle (for metrics). */
  onRun?: RunListener;
}

/** What one cycle did. */
export interface CycleResult {
  asOfMs: number;
  resources: number;
  written: number;
  pruned: number;
}

/** Mean bytes/s over the grid per resource that has telemetry on it. */
async function bandwidths(store: ForecastCycleDeps['store'], g: StepGrid): Promise<Map<string, number>> {
  const seconds = (g.steps * g.stepMs) / 1000;
  return new Map((await store.telemetry.totals(gridStart(g), g.endMs)).map((t) => [t.resourceId, t.bytes / seconds]));
}

/**
 * Runs one cycle at `now`. Entries are valid for one step plus one interval, so they hold until the next cycle has
 * seen the next complete step; entries that expired more than a history window ago are deleted.
 */
export async function runForecastCycle(d: ForecastCycleDeps, now = (d.clock ?? systemClock).now()): Promise<CycleResult> {
  const c = d.config, stepMs = c.stepSeconds * 1000;
  const g = stepGrid(now, stepMs, c.historySteps);
  const types = [...ALLOCATION_EVENT_TYPES.kea, ...ALLOCATION_EVENT_TYPES.engine];
  const counts = allocationCounts(await d.store.shadow.allocationEvents(types, gridStart(g), g.endMs), g);
  // A resource with a lead model is forecast by the lead cycle.
  for (const id of await leadModelled(d.store)) counts.delete(id);
  const kinds = new Map<string, string>();
  for (const id of counts.keys()) kinds.set(id, (await d.store.resources.get(id))?.kind ?? 'unknown');
  const bps = counts.size > 0 ? await bandwidths(d.store, g) : new Map<string, number>();
  const entries = forecastEntries(counts, d.forecaster ?? kalmanForecaster(), g, {
    horizonsSteps: c.horizonsMinutes.map((m) => (m * 60_000) / stepMs),
    validForMs: stepMs + c.intervalSeconds * 1000,
    resourceType: (id) => kinds.get(id) ?? 'unknown',
    bandwidthBps: (id) => bps.get(id) ?? null,
  });
  const written = await d.store.shadow.upsert(entries);
  const pruned = await d.store.shadow.prune(gridStart(g));
  const result = { asOfMs: g.endMs, resources: counts.size, written, pruned };
  d.log.debug('forecast.cycle.done', { ...result });
  return result;
}

/** Handle to the running cycle. */
export type ForecastLoop = Periodic<CycleResult>;

/** Starts the cycle every `intervalSeconds`. */
export function startForecastCycle(d: ForecastCycleDeps): ForecastLoop {
  return startPeriodic(d.config.intervalSeconds * 1000, () => runForecastCycle(d), (err) => d.log.error('forecast.cycle.failed', { error: err.message }), d.onRun);
}
