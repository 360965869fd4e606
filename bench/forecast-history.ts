/**
 * The history-driven policy (allocations as their own lead signal) on the Azure dev split: trained and tuned on the
 * train split, measured on dev against the static pools tuned per resource in hindsight on dev and the Kalman
 * newsvendor policy; per-resource costs and the knobs chosen on train are printed.
 * The model trains on the last 7 days of the train split (--all-train: all 20.8 days).
 * Usage: forecast-history [flavor|batch] [--random-placement] [--no-cross] [--all-train] [--no-append] [--quick]  (--quick: AWS and Azure families only; cost: c_waste 1 per idle address-minute, c_delay 60 per waiting minute, L 1 min)
 */
import { backtest, tunedBacktest, type BacktestOptions } from '../src/allocate/backtest';
import { AWS_FAMILY, AZURE_FAMILY, CILIUM_FAMILY } from '../src/allocate/grids';
import { historyPolicy, type TrainedHistory } from '../src/allocate/history-policy';
import type { PolicyMetrics } from '../src/allocate/metrics';
import { newsvendorKalman } from '../src/allocate/newsvendor-policy';
import { loadAzureVm } from '../src/trace/azure-vm-files';
import type { Trace } from '../src/core/trace';
import { sharedPath } from '../test/fixtures/shared-data';
import { appendResult } from './lib/results';

const opts: BacktestOptions = { cost: { cWaste: 1, cDelay: 60, latencyMs: 60_000 }, tickMs: 60_000 };
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const mode = (args[0] ?? 'flavor') as 'flavor' | 'batch';
const flag = (f: string) => process.argv.includes(f);
const seed = flag('--random-placement') ? 1 : undefined;
const command = `npm run bench:forecast-history -- ${process.argv.slice(2).join(' ')}`.trim();
const pct = (x: number) => (100 * x).toFixed(1);

function timed<T>(f: () => T): [T, number] {
  const t0 = Date.now();
  return [f(), Date.now() - t0];
}

function line(name: string, m: PolicyMetrics, ms: number): string {
  return `| ${name} | ${m.cost.toFixed(0)} | ${pct(m.hitRate)}% | ${m.meanWaitMin.toFixed(3)} | ${m.idleAddressMin.toFixed(0)} | ${m.expired} | ${ms} ms |`;
}

function one(dev: Trace, rid: string): Trace {
  return { ...dev, resources: dev.resources.filter((r) => r.id === rid), events: dev.events.filter((e) => e.resourceId === rid) };
}

const dir = sharedPath('traces', 'azure-vm-v1');
const train = loadAzureVm(dir, 'train', mode, seed), dev = loadAzureVm(dir, 'dev', mode, seed);
const events = [...train.events, ...dev.events];
const rows: [string, PolicyMetrics, number][] = [];
const families = flag('--quick') ? [AWS_FAMILY, AZURE_FAMILY] : [AWS_FAMILY, CILIUM_FAMILY, AZURE_FAMILY];
const perStatic = new Map<string, number>();
for (const fam of families) {
  const [r, ms] = timed(() => tunedBacktest(dev, fam as typeof AZURE_FAMILY, opts));
  rows.push([`${fam.name} (tuned)`, r.metrics, ms]);
}
const [kal, kms] = timed(() => backtest(dev, newsvendorKalman({ startMs: dev.startMs, endMs: dev.endMs, tickMs: 60_000 }), opts));
rows.push(['ipshadow kalman-newsvendor', kal, kms]);
const trained = new Map<string, TrainedHistory>();
const ho = { events, startMs: dev.startMs, tickMs: 60_000, trainFromMs: train.startMs, trainEndMs: train.endMs, crossResource: !flag('--no-cross'), recentDays: flag('--all-train') ? Infinity : 7 };
const span = flag('--all-train') ? 'all 20.8 days' : 'last 7 days';
const [hist, hms] = timed(() => backtest(dev, historyPolicy(ho, trained), opts));
rows.push(['ipshadow history-newsvendor', hist, hms]);
console.log(`### ${dev.name}: ${dev.resources.length} resources; trained on ${train.name} (${span})\n| policy | cost | hit | mean wait min | idle addr-min | expired | time |\n|---|---|---|---|---|---|---|`);
for (const [n, m, ms] of rows) console.log(line(n, m, ms));
const best = rows.filter(([n]) => n.endsWith('(tuned)')).reduce((b, r) => (r[1].cost < b[1].cost ? r : b));
console.log('\n| resource | allocs | window | idle | keep | best static family cost | kalman | history |\n|---|---|---|---|---|---|---|---|');
for (const r of dev.resources) {
  const t = one(dev, r.id), bfam = families.find((f) => `${f.name} (tuned)` === best[0])!;
  perStatic.set(r.id, tunedBacktest(t, bfam as typeof AZURE_FAMILY, opts).metrics.cost);
  const h = backtest(t, historyPolicy(ho, trained), opts), k = backtest(t, newsvendorKalman({ startMs: dev.startMs, endMs: dev.endMs, tickMs: 60_000 }), opts), tr = trained.get(r.id);
  console.log(`| ${r.id} | ${h.allocs} | ${tr?.windowMin} | ${tr?.idleMin} | ${tr?.keep ? `${tr.keep.windowMin} min @ ${tr.keep.level}` : '–'} | ${perStatic.get(r.id)!.toFixed(0)} | ${k.cost.toFixed(0)} | ${h.cost.toFixed(0)} |`);
}
for (const [n, m] of rows.filter(([n]) => n.startsWith('ipshadow'))) {
  console.log(`${n} ÷ best static (${best[0]}) = ${(m.cost / best[1].cost).toFixed(3)}; removes ${pct(1 - m.cost / best[1].cost)}% of its cost; ÷ oracle undefined (oracle cost 0)`);
  if (!flag('--no-append')) appendResult({
    benchmark: `${dev.name} (dev split${seed === undefined ? '' : ', batches placed at random in their bin'}): ${n}${n.includes('history') ? `, trained on ${train.name} (${span}${flag('--no-cross') ? ', own history only' : ''})` : ' (no training split)'}`,
    metric: `total cost (c_waste 1/idle addr-min, c_delay 60/wait min, L 1 min); anchor = best hindsight-tuned static (${best[0]}); hit ${pct(m.hitRate)}%, idle ${m.idleAddressMin.toFixed(0)} addr-min, wait ${(m.meanWaitMin * m.allocs).toFixed(0)} min; oracle cost 0, so ÷ oracle is undefined (removes ${pct(1 - m.cost / best[1].cost)}% of the best static's cost)`,
    ipshadow: m.cost, anchor: best[1].cost, ratio: m.cost / best[1].cost, command,
  });
}
