/**
 * The lead-signal policy against the static warm pools tuned per resource in hindsight, the oracle and the Kalman
 * newsvendor policy, on the simulator's scenarios (all carry telemetry). Each scenario runs `days` days; the lead
 * model trains on the first half (its last quarter held out for calibration) and every policy is measured on the
 * second half only. Also prints the held-out AUC and the reliability table of the calibrated P(any).
 * Usage: forecast-lead [days=14] [seed=1] [--no-append]  (cost: c_waste 1 per idle address-minute, c_delay 60 per waiting minute, L 1 min)
 */
import type { Trace, TraceEvent } from '../src/core/trace';
import { backtest, tunedBacktest, type BacktestOptions } from '../src/allocate/backtest';
import { onDemand, oracle } from '../src/allocate/baselines';
import { CostModelSchema } from '../src/allocate/cost';
import { AWS_FAMILY, AZURE_FAMILY, CILIUM_FAMILY } from '../src/allocate/grids';
import { leadPolicy, trainLead, type LeadPolicyOptions } from '../src/allocate/lead-policy';
import type { PolicyMetrics } from '../src/allocate/metrics';
import { newsvendorKalman } from '../src/allocate/newsvendor-policy';
import { applyIsotonic } from '../src/forecast/calibration/isotonic';
import { auc, maxCalibrationGap, reliabilityTable } from '../src/forecast/calibration/reliability';
import { anyOf, windowCounts } from '../src/forecast/lead/labels';
import { leadHistory, predictLead } from '../src/forecast/lead/model';
import { scenario, SCENARIOS } from '../src/sim/scenarios';
import { simulate } from '../src/sim/world';
import { appendResult } from './lib/results';

const opts: BacktestOptions = { cost: { cWaste: 1, cDelay: 60, latencyMs: 60_000 }, tickMs: 60_000 };
const days = Number(process.argv[2] ?? 14), seed = Number(process.argv[3] ?? 1), append = !process.argv.includes('--no-append');
const command = `npx tsc -p tsconfig.bench.json && node dist-bench/bench/forecast-lead.js ${days} ${seed}`;

function timed<T>(f: () => T): [T, number] {
  const t0 = Date.now();
  const v = f();
  return [v, Date.now() - t0];
}

/** The second half of a trace: events from `fromMs` on (releases of earlier allocations are harmless). */
function tail(trace: Trace, fromMs: number): Trace {
  return { ...trace, name: `${trace.name} (test half)`, startMs: fromMs, events: trace.events.filter((e) => e.tMs >= fromMs), telemetry: trace.telemetry.filter((b) => b.bucketMs >= fromMs) };
}

function calibrationReport(trace: Trace, o: LeadPolicyOptions, fromMs: number): { auc: number; gap: number } {
  const cost = CostModelSchema.parse(opts.cost);
  const p: number[] = [], y: number[] = [];
  for (const r of trace.resources) {
    const tr = trainLead(r.id, o, cost);
    const h = leadHistory(trace.events, trace.telemetry, r.id, trace.startMs, trace.endMs, fromMs, trace.endMs - tr.windowMin * 60_000);
    const yy = anyOf(windowCounts(h.allocs, h.times, 0, tr.windowMin));
    h.times.forEach((t, i) => { p.push(applyIsotonic(tr.calibration, predictLead(tr.model, h.grid, t).pAny)); y.push(yy[i]!); });
  }
  const table = reliabilityTable(p, y);
  console.log('| stated P(any in 2 min) | n | mean stated | observed |\n|---|---|---|---|');
  for (const b of table) if (b.n) console.log(`| ${b.lo.toFixed(1)}–${b.hi.toFixed(1)} | ${b.n} | ${(100 * b.predicted).toFixed(1)}% | ${(100 * b.observed).toFixed(1)}% |`);
  return { auc: auc(p, y), gap: maxCalibrationGap(table, 100) };
}

function run(trace: Trace): void {
  const split = trace.startMs + Math.floor((trace.endMs - trace.startMs) / 2 / 86_400_000) * 86_400_000;
  const test = tail(trace, split);
  console.log(`\n### ${trace.name}: train ${(split - trace.startMs) / 86_400_000} days, test ${((trace.endMs - split) / 86_400_000).toFixed(1)} days`);
  const lo: LeadPolicyOptions = { events: trace.events, telemetry: trace.telemetry, startMs: trace.startMs, endMs: trace.endMs, tickMs: 60_000, trainEndMs: split };
  const { auc: a, gap } = calibrationReport(trace, lo, split);
  console.log(`held-out AUC ${a.toFixed(4)}; largest |stated − observed| over bins with ≥ 100 forecasts: ${(100 * gap).toFixed(1)} points`);
  const oracleF = (_: string, ev: readonly TraceEvent[]) => oracle(ev.filter((e) => e.kind === 'alloc').map((e) => e.tMs), 60_000);
  const res: [string, PolicyMetrics, number][] = [];
  for (const [n, f] of [['on-demand', () => onDemand()], ['oracle', oracleF]] as const) res.push([n, ...timed(() => backtest(test, f, opts))]);
  for (const fam of [AWS_FAMILY, CILIUM_FAMILY, AZURE_FAMILY] as const) {
    const [r, ms] = timed(() => tunedBacktest(test, fam as typeof AZURE_FAMILY, opts));
    res.push([`${fam.name} (tuned)`, r.metrics, ms]);
  }
  res.push(['ipshadow kalman-newsvendor', ...timed(() => backtest(test, newsvendorKalman({ startMs: split, endMs: trace.endMs, tickMs: 60_000 }), opts))]);
  res.push(['ipshadow lead-signal', ...timed(() => backtest(test, leadPolicy(lo), opts))]);
  console.log('| policy | cost | hit rate | mean wait min | p99 wait min | idle addr-min | expired | time |\n|---|---|---|---|---|---|---|---|');
  for (const [n, m, ms] of res) console.log(`| ${n} | ${m.cost.toFixed(0)} | ${(100 * m.hitRate).toFixed(1)}% | ${m.meanWaitMin.toFixed(3)} | ${m.p99WaitMin.toFixed(2)} | ${m.idleAddressMin.toFixed(0)} | ${m.expired} | ${ms} ms |`);
  const statics = res.filter(([n]) => n.includes('tuned'));
  const [bestName, best] = statics.reduce((b, r) => (r[1].cost < b[1].cost ? r : b));
  for (const [n, m] of res.filter(([n]) => n.startsWith('ipshadow'))) {
    console.log(`${n} ÷ best tuned static (${bestName}) = ${(m.cost / best.cost).toFixed(3)}`);
    if (append) appendResult({ benchmark: `sim ${trace.name}, seed ${seed}, test days ${(split - trace.startMs) / 86_400_000}–${days}: ${n}`, metric: `total cost (c_waste 1/idle addr-min, c_delay 60/wait min, L 1 min); anchor = best hindsight-tuned static (${bestName}); lead AUC ${a.toFixed(3)}`, ipshadow: m.cost, anchor: best.cost, ratio: m.cost / best.cost, command });
  }
}

for (const s of SCENARIOS) run(simulate(scenario(s, seed, days)));
