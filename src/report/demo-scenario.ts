/** @module One scenario of the demo: simulate it, compare every policy with `comparePolicies`, and derive the headline. */
import { comparePolicies, type Comparison } from '../allocate/compare';
import type { BacktestOptions } from '../allocate/backtest';
import type { Trace } from '../core/trace';
import { scenario, type ScenarioName } from '../sim/scenarios';
import { simulate } from '../sim/world';
import type { Headline, ScenarioResult } from './types';

/** ipshadow's row for the headline (the lead-signal policy, else the cheapest ipshadow policy) against the best static. */
export function headlineOf(c: Comparison): Headline | null {
  const ours = c.rows.filter((r) => r.name.startsWith('ipshadow'));
  const pick = ours.find((r) => r.name === 'ipshadow lead-signal') ?? [...ours].sort((a, b) => a.metrics.cost - b.metrics.cost)[0];
  if (!pick || !c.bestStatic) return null;
  const best = c.bestStatic.metrics.cost;
  const ratio = best > 0 ? pick.metrics.cost / best : pick.metrics.cost > 0 ? Infinity : 1;
  const oracle = c.rows.find((r) => r.name === 'oracle');
  return { policy: pick.name, cost: pick.metrics.cost, bestStatic: c.bestStatic.name, bestStaticCost: best, ratio, shareRemoved: 1 - ratio, oracleCost: oracle ? oracle.metrics.cost : null };
}

/** A comparison as the report holds it. */
export function scenarioResult(trace: Trace, name: string, seed: number, days: number, c: Comparison): ScenarioResult {
  return {
    scenario: name, seed, days, resources: trace.resources.map((r) => r.id), allocs: trace.events.filter((e) => e.kind === 'alloc').length,
    startMs: trace.startMs, splitMs: c.splitMs, endMs: trace.endMs, rows: c.rows.map((r) => ({ ...r, metrics: { ...r.metrics } })), headline: headlineOf(c),
  };
}

/** Simulates a named scenario and compares every policy on its held-out half. */
export function runScenario(name: ScenarioName, seed: number, days: number, opts: BacktestOptions): { trace: Trace; result: ScenarioResult } {
  const trace = simulate(scenario(name, seed, days));
  return { trace, result: scenarioResult(trace, name, seed, days, comparePolicies(trace, opts)) };
}
