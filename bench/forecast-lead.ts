/**
 * The lead-signal policy against the static warm pools tuned per resource in hindsight, the oracle and the Kalman
 * newsvendor policy, on the simulator's scenarios (all carry telemetry). Each scenario runs `days` days; the lead
 * model trains on the first half (its last quarter held out for calibration) and every policy is measured on the
 * second half only. Also prints the held-out AUC and the reliability table of the calibrated P(any).
 * Usage: forecast-lead [days=14] [seed=1] [--no-append]  (cost: c_waste 1 per idle address-minute, c_delay 60 per waiting minute, L 1 min)
 */
import type { Trace } from '../src/core/trace';
import { CostModelSchema } from '../src/allocate/cost';
import type { BacktestOptions } from '../src/allocate/backtest';
import { comparePolicies, splitPoint } from '../src/allocate/compare';
import { trainLead, type LeadPolicyOptions } from '../src/allocate/lead-policy';
import { applyIsotonic } from '../src/forecast/calibration/isotonic';
import { auc, maxCalibrationGap, reliabilityTable } from '../src/forecast/calibration/reliability';
import { anyOf, windowCounts } from '../src/forecast/lead/labels';
import { leadHistory, predictLead } from '../src/forecast/lead/model';
import { scenario, SCENARIOS } from '../src/sim/scenarios';
import { simulate } from '../src/sim/world';
import { appendResult } from './lib/results';

const opts: BacktestOptions = { cost: { cWaste: 1, cDelay: 60, latencyMs: 60_000 }, tickMs: 60_000 };
const days = Number(process.argv[2] ?? 14), seed = Number(process.argv[3] ?? 1), append = !process.argv.includes('--no-append');
const command = `npm run bench:forecast-lead -- ${days} ${seed}`;

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
  const split = splitPoint(trace);
  console.log(`\n### ${trace.name}: train ${(split - trace.startMs) / 86_400_000} days, test ${((trace.endMs - split) / 86_400_000).toFixed(1)} days`);
  const lo: LeadPolicyOptions = { events: trace.events, telemetry: trace.telemetry, startMs: trace.startMs, endMs: trace.endMs, tickMs: 60_000, trainEndMs: split };
  const { auc: a, gap } = calibrationReport(trace, lo, split);
  console.log(`held-out AUC ${a.toFixed(4)}; largest |stated − observed| over bins with ≥ 100 forecasts: ${(100 * gap).toFixed(1)} points`);
  const { rows, bestStatic } = comparePolicies(trace, opts);
  console.log('| policy | cost | hit rate | mean wait min | p99 wait min | idle addr-min | expired | time |\n|---|---|---|---|---|---|---|---|');
  for (const { name, metrics: m, ms } of rows) console.log(`| ${name} | ${m.cost.toFixed(0)} | ${(100 * m.hitRate).toFixed(1)}% | ${m.meanWaitMin.toFixed(3)} | ${m.p99WaitMin.toFixed(2)} | ${m.idleAddressMin.toFixed(0)} | ${m.expired} | ${ms} ms |`);
  const best = bestStatic!;
  for (const { name, metrics: m } of rows.filter((r) => r.name.startsWith('ipshadow'))) {
    console.log(`${name} ÷ best tuned static (${best.name}) = ${(m.cost / best.metrics.cost).toFixed(3)}`);
    if (append) appendResult({ benchmark: `sim ${trace.name}, seed ${seed}, test days ${(split - trace.startMs) / 86_400_000}–${days}: ${name}`, metric: `total cost (c_waste 1/idle addr-min, c_delay 60/wait min, L 1 min); anchor = best hindsight-tuned static (${best.name}); lead AUC ${a.toFixed(3)}`, ipshadow: m.cost, anchor: best.metrics.cost, ratio: m.cost / best.metrics.cost, command });
  }
}

for (const s of SCENARIOS) run(simulate(scenario(s, seed, days)));
