/**
 * First baseline-vs-oracle comparison: on-demand, the three static warm pools tuned per resource in hindsight, the
 * oracle, and ipshadow's Kalman newsvendor pool, on the Azure dev split and the three simulator scenarios.
 * Each ipshadow policy's cost ÷ the best tuned static pool is appended to bench/RESULTS.md (not with --no-append).
 * Usage: forecast-backtest [azure-dir] [flavor|batch|single] [--azure-only] [--random-placement] [--no-append]  (cost: c_waste 1 per idle address-minute, c_delay 60 per waiting minute, L 1 min)
 */
import type { Trace, TraceEvent } from '../src/core/trace';
import { backtest, tunedBacktest, type BacktestOptions } from '../src/allocate/backtest';
import { onDemand, oracle } from '../src/allocate/baselines';
import { AWS_FAMILY, AZURE_FAMILY, CILIUM_FAMILY } from '../src/allocate/grids';
import type { PolicyMetrics } from '../src/allocate/metrics';
import { newsvendorKalman } from '../src/allocate/newsvendor-policy';
import { forecastPolicy } from '../src/allocate/forecast-policy';
import { kalmanForecaster } from '../src/forecast/kalman';
import { sarimaForecaster } from '../src/forecast/sarima';
import { scenario, SCENARIOS } from '../src/sim/scenarios';
import { simulate } from '../src/sim/world';
import { loadAzureVm } from '../src/trace/azure-vm-files';
import { sharedPath } from '../test/fixtures/shared-data';
import { appendResult } from './lib/results';

const opts: BacktestOptions = { cost: { cWaste: 1, cDelay: 60, latencyMs: 60_000 }, tickMs: 60_000 };

function row(name: string, m: PolicyMetrics, ms: number): string {
  return `| ${name} | ${m.cost.toFixed(0)} | ${(100 * m.hitRate).toFixed(1)}% | ${m.meanWaitMin.toFixed(3)} | ${m.p99WaitMin.toFixed(2)} | ${m.idleAddressMin.toFixed(0)} | ${m.expired} | ${ms} ms |`;
}

function timed<T>(f: () => T): [T, number] {
  const t0 = Date.now();
  const v = f();
  return [v, Date.now() - t0];
}

function run(trace: Trace): void {
  const allocs = trace.events.filter((e) => e.kind === 'alloc').length;
  console.log(`\n### ${trace.name}: ${trace.resources.length} resources, ${allocs} allocations, ${trace.events.length - allocs} releases, ${((trace.endMs - trace.startMs) / 86_400_000).toFixed(1)} days`);
  console.log('| policy | cost | hit rate | mean wait min | p99 wait min | idle addr-min | expired | time |\n|---|---|---|---|---|---|---|---|');
  const oracleF = (_: string, ev: readonly TraceEvent[]) => oracle(ev.filter((e) => e.kind === 'alloc').map((e) => e.tMs), 60_000);
  const res: [string, PolicyMetrics, number][] = [];
  for (const [name, f] of [['on-demand', () => onDemand()], ['oracle', oracleF]] as const) {
    const [m, ms] = timed(() => backtest(trace, f, opts));
    res.push([name, m, ms]);
  }
  for (const fam of [AWS_FAMILY, CILIUM_FAMILY, AZURE_FAMILY] as const) {
    const [{ metrics, edges }, ms] = timed(() => tunedBacktest(trace, fam as typeof AZURE_FAMILY, opts));
    res.push([`${fam.name} (tuned)`, metrics, ms]);
    if (edges.length) console.log(`WARNING: ${fam.name} chose a grid edge for ${edges.join(', ')}`);
  }
  const nv = newsvendorKalman({ startMs: trace.startMs, endMs: trace.endMs, tickMs: 60_000 });
  const [m, ms] = timed(() => backtest(trace, nv, opts));
  res.push(['ipshadow kalman-newsvendor', m, ms]);
  const base = { startMs: trace.startMs, endMs: trace.endMs, tickMs: 60_000, aggMs: 3_600_000, refitEveryMs: 6 * 3_600_000 };
  for (const [n, fc] of [['ipshadow sarima-hourly-newsvendor', sarimaForecaster({ s: 24 })], ['ipshadow kalman-hourly-newsvendor', kalmanForecaster()]] as const) {
    const [mm, t] = timed(() => backtest(trace, forecastPolicy({ ...base, forecaster: fc }), opts));
    res.push([n, mm, t]);
  }
  for (const [n, mm, t] of res) console.log(row(n, mm, t));
  const bestStatic = Math.min(...res.filter(([n]) => n.includes('tuned')).map(([, mm]) => mm.cost));
  const best = res.find(([n, mm]) => n.includes('tuned') && mm.cost === bestStatic)!, orc = res.find(([n]) => n === 'oracle')![1].cost;
  for (const [n, mm] of res.filter(([n]) => n.startsWith('ipshadow'))) {
    console.log(`${n} ÷ best tuned static = ${(mm.cost / bestStatic).toFixed(3)}`);
    // The oracle's cost is 0 where every arrival is known exactly; then the share of the static cost removed is reported.
    const vsOracle = orc > 0 ? `÷ oracle ${(mm.cost / orc).toFixed(3)}` : `oracle cost 0, so ÷ oracle is undefined; removes ${(100 * (1 - mm.cost / bestStatic)).toFixed(1)}% of the best static's cost`;
    if (!process.argv.includes('--no-append')) appendResult({
      benchmark: `${trace.name}${trace.name.startsWith('azure') ? ' (whole dev split; no training split used)' : ''}: ${n}`,
      metric: `total cost (c_waste 1/idle addr-min, c_delay 60/wait min, L 1 min); anchor = best hindsight-tuned static (${best[0]}); hit ${(100 * mm.hitRate).toFixed(1)}%, idle ${mm.idleAddressMin.toFixed(0)} addr-min, wait ${(mm.meanWaitMin * mm.allocs).toFixed(0)} min; ${vsOracle}`,
      ipshadow: mm.cost, anchor: bestStatic, ratio: mm.cost / bestStatic, command: `npm run bench:forecast-backtest -- ${process.argv.slice(2).join(' ')}`,
    });
  }
}

const dir = process.argv[2] ?? sharedPath('traces', 'azure-vm-v1');
const mode = (process.argv[3] ?? 'flavor') as 'flavor' | 'batch' | 'single';
run(loadAzureVm(dir, 'dev', mode, process.argv.includes('--random-placement') ? 1 : undefined));
if (!process.argv.includes('--azure-only')) for (const s of SCENARIOS) run(simulate(scenario(s, 1, 14)));
