/**
 * @module Shadow inventory entries from the trained lead-signal model, for the allocation engine in the demo: one
 * entry per resource and minute, at the harness's window (one tick plus one latency) and newsvendor level.
 */
import { criticalRatio, type CostModel } from '../allocate/cost';
import type { TrainedLead } from '../allocate/lead-policy';
import type { EntryProvider } from '../engine/backtest';
import type { EnginePolicyInput } from '../engine/policy';
import { leadShadowEntry } from '../forecast/lead/shadow';

const MIN = 60_000;

/** The engine policy that acts on these entries as the harness's lead policy does (threshold 1 − level, fixed level). */
export function leadEnginePolicy(trained: ReadonlyMap<string, TrainedLead>, cost: CostModel): EnginePolicyInput {
  const windowMin = [...trained.values()][0]?.windowMin ?? 2;
  const level = criticalRatio(cost, windowMin * MIN);
  return { horizonMs: windowMin * MIN, threshold: 1 - level, serviceLevel: level, leadTimeMs: cost.latencyMs };
}

/** An EntryProvider over trained models; features at minute t come from telemetry before t, so entries are causal. */
export function leadEntries(trained: ReadonlyMap<string, TrainedLead>, level: number): EntryProvider {
  return (resourceId, tMs) => {
    const tr = trained.get(resourceId);
    if (!tr) return null;
    const t = Math.floor((tMs - tr.history.grid.startMs) / MIN);
    if (t < 0 || t >= tr.history.grid.minutes) return null;
    const e = leadShadowEntry(tr, tr.history.grid, t, { resourceId, resourceType: 'group', levels: [level] });
    return { ...e, asOfMs: Math.min(tMs, e.asOfMs), validUntilMs: Math.max(e.validUntilMs, tMs + 1) };
  };
}
