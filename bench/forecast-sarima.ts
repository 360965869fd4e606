/**
 * SARIMA(1,0,1)(1,1,1)24 through npm `arima` (optimizer 5) on hourly allocation counts: fit + 24-step forecast time
 * per series, how many outputs failed validation (and fell back to Kalman), and one-day-ahead MAE against Kalman.
 * Usage: forecast-sarima [azure-dir]
 */
import { kalmanForecaster } from '../src/forecast/kalman';
import { sarimaForecaster } from '../src/forecast/sarima';
import type { SeriesForecast } from '../src/forecast/types';
import { scenario, SCENARIOS } from '../src/sim/scenarios';
import { simulate } from '../src/sim/world';
import { loadAzureVm } from '../src/trace/azure-vm-files';
import { allocationSeries } from '../src/trace/series';
import { sharedPath } from '../test/fixtures/shared-data';

const H = 24;
const dir = process.argv[2] ?? sharedPath('traces', 'azure-vm-v1');
const named: [string, Float64Array][] = [];
const az = allocationSeries(loadAzureVm(dir, 'train', 'flavor'), 3_600_000);
az.ids.forEach((id, i) => named.push([`azure-train ${id}`, az.series[i]!]));
for (const s of SCENARIOS) {
  const t = allocationSeries(simulate(scenario(s, 1, 21)), 3_600_000);
  t.ids.forEach((id, i) => named.push([`${s} ${id}`, t.series[i]!]));
}
const train = named.map(([, y]) => y.subarray(0, y.length - H));
const mae = (f: SeriesForecast, y: Float64Array): number => f.mean.reduce((s, m, k) => s + Math.abs(m - y[y.length - H + k]!), 0) / H;

const t0 = process.hrtime.bigint();
const sar = sarimaForecaster({ s: 24 }).forecast(train, H);
const sarMs = Number(process.hrtime.bigint() - t0) / 1e6;
const t1 = process.hrtime.bigint();
const kal = kalmanForecaster().forecast(train, H);
const kalMs = Number(process.hrtime.bigint() - t1) / 1e6;

console.log('| series | points | sarima model | fallback reason | MAE sarima | MAE kalman |\n|---|---|---|---|---|---|');
named.forEach(([n, y], i) => console.log(`| ${n} | ${train[i]!.length} | ${sar[i]!.model} | ${sar[i]!.fallbackReason ?? ''} | ${mae(sar[i]!, y).toFixed(2)} | ${mae(kal[i]!, y).toFixed(2)} |`));
const fb = sar.filter((f) => f.fallbackReason).length;
console.log(`\n${named.length} series: SARIMA ${sarMs.toFixed(0)} ms total (${(sarMs / named.length).toFixed(0)} ms/series), ${fb} fell back; Kalman ${kalMs.toFixed(1)} ms total`);
