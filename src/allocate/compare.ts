/** @module Runs every policy on the held-out half of a trace and ranks ipshadow against the best tuned static pool. */
import type { Trace, TraceEvent } from '../core/trace';
import { backtest, tunedBacktest, type BacktestOptions } from './backtest';
import { onDemand, oracle } from './baselines';
import { AWS_FAMILY, AZURE_FAMILY, CILIUM_FAMILY } from './grids';
import { leadPolicy } from './lead-policy';
import type { PolicyMetrics } from './metrics';
import { newsvendorKalman } from './newsvendor-policy';

/** Policies the comparison knows. */
export const POLICY_NAMES = ['on-demand', 'oracle', 'aws', 'cilium', 'azure', 'kalman', 'lead'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

/** One policy's outcome. */
export interface PolicyRow {
  name: string;
  metrics: PolicyMetrics;
  ms: number;
  /** Cost ÷ the best hindsight-tuned static pool's cost (static pools and ipshadow policies only). */
  vsBestStatic?: number;
}

/** Result of a comparison. */
export interface Comparison {
  splitMs: number;
  rows: PolicyRow[];
  bestStatic?: PolicyRow;
}

const DAY = 86_400_000;

/** The first whole-day boundary at or after the middle: models train before it, every policy is measured after. */
export function splitPoint(trace: Trace): number {
  return trace.startMs + Math.max(1, Math.floor((trace.endMs - trace.startMs) / 2 / DAY)) * DAY;
}

/** The trace from `fromMs` on (releases of earlier allocations are harmless to the pool simulator). */
export function tailTrace(trace: Trace, fromMs: number): Trace {
  return { ...trace, name: `${trace.name} (test part)`, startMs: fromMs, events: trace.events.filter((e) => e.tMs >= fromMs), telemetry: trace.telemetry.filter((b) => b.bucketMs >= fromMs) };
}

function timed(name: string, f: () => PolicyMetrics): PolicyRow {
  const t0 = Date.now();
  const metrics = f();
  return { name, metrics, ms: Date.now() - t0 };
}

/** Runs the chosen policies (the lead policy only where the trace carries telemetry). */
export function comparePolicies(trace: Trace, opts: BacktestOptions, policies: readonly PolicyName[] = POLICY_NAMES): Comparison {
  const splitMs = splitPoint(trace);
  const test = tailTrace(trace, splitMs);
  const tickMs = opts.tickMs ?? 60_000;
  const oracleF = (_: string, ev: readonly TraceEvent[]) => oracle(ev.filter((e) => e.kind === 'alloc').map((e) => e.tMs), tickMs);
  const families = { aws: AWS_FAMILY, cilium: CILIUM_FAMILY, azure: AZURE_FAMILY } as const;
  const rows: PolicyRow[] = [];
  for (const p of policies) {
    if (p === 'on-demand') rows.push(timed(p, () => backtest(test, () => onDemand(), opts)));
    if (p === 'oracle') rows.push(timed(p, () => backtest(test, oracleF, opts)));
    if (p === 'aws' || p === 'cilium' || p === 'azure') rows.push(timed(`${families[p].name} (tuned)`, () => tunedBacktest(test, families[p] as typeof AZURE_FAMILY, opts).metrics));
    if (p === 'kalman') rows.push(timed('ipshadow kalman-newsvendor', () => backtest(test, newsvendorKalman({ startMs: splitMs, endMs: trace.endMs, tickMs }), opts)));
    if (p === 'lead' && trace.telemetry.length > 0) {
      const lo = { events: trace.events, telemetry: trace.telemetry, startMs: trace.startMs, endMs: trace.endMs, tickMs, trainEndMs: splitMs };
      rows.push(timed('ipshadow lead-signal', () => backtest(test, leadPolicy(lo), opts)));
    }
  }
  const statics = rows.filter((r) => r.name.endsWith('(tuned)'));
  const bestStatic = statics.length ? statics.reduce((b, r) => (r.metrics.cost < b.metrics.cost ? r : b)) : undefined;
  if (bestStatic) for (const r of rows) if (r.name.endsWith('(tuned)') || r.name.startsWith('ipshadow')) r.vsBestStatic = r.metrics.cost / bestStatic.metrics.cost;
  return { splitMs, rows, bestStatic };
}
