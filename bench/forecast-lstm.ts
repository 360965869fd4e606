/**
 * LSTM and per-series auto selection against Kalman, side by side in one run, on hourly allocation counts (Azure VM
 * train split by flavour, plus every simulator scenario with seeds 1-3): MASE over the last 24 held-out hours, and coverage of the
 * 80%/95% intervals with the models' own Gaussian variance (raw) and after conformal calibration.
 * Usage: forecast-lstm [azure-dir]
 */
import { coverage, calibratedInterval } from '../src/forecast/calibration/conformal';
import type { StoredModel } from '../src/store/model-repo';
import { runForecast, type ForecastRun } from '../src/forecast/pipeline';
import { naiveScale } from '../src/forecast/select';
import { forecastInterval, type SeriesForecast } from '../src/forecast/types';
import { scenario, SCENARIOS } from '../src/sim/scenarios';
import { simulate } from '../src/sim/world';
import { loadAzureVm } from '../src/trace/azure-vm-files';
import { allocationSeries } from '../src/trace/series';
import { sharedPath } from '../test/fixtures/shared-data';
import { appendResult } from './lib/results';

const H = 24;
const dir = process.argv[2] ?? sharedPath('traces', 'azure-vm-v1');
const full: Float64Array[] = [...allocationSeries(loadAzureVm(dir, 'train', 'flavor'), 3_600_000).series];
for (const seed of [1, 2, 3]) for (const s of SCENARIOS) full.push(...allocationSeries(simulate(scenario(s, seed, 21)), 3_600_000).series);
const series = full.filter((y) => y.length > 3 * H);
const train = series.map((y) => y.subarray(0, y.length - H));
const actual = series.map((y) => y.subarray(y.length - H));

/** Mean over series of MAE / in-sample naive MAE (MASE). */
function mase(fs: SeriesForecast[]): number {
  return fs.reduce((s, f, i) => s + f.mean.reduce((a, m, k) => a + Math.abs(m - actual[i]![k]!), 0) / H / naiveScale(train[i]!, train[i]!.length), 0) / fs.length;
}

/** Pooled coverage of the `level` interval over all series and steps, raw or calibrated. */
function cover(run: ForecastRun, level: number, calibrated: boolean): number {
  let inside = 0, n = 0;
  run.forecasts.forEach((f, i) => {
    const iv = calibrated ? calibratedInterval(f, level, run.calibration) : forecastInterval(f, level);
    const c = coverage(iv.lo, iv.hi, actual[i]!);
    if (Number.isFinite(c)) { inside += c * H; n += H; }
  });
  return inside / n;
}

/** An in-memory model sink, so the auto run reuses the LSTM the lstm run trained on the same data. */
const saved = new Map<string, StoredModel>();
const sink = { save: async (m: Omit<StoredModel, 'createdAt'>) => void saved.set(m.name, { ...m, createdAt: Date.now() }), load: async (name: string) => saved.get(name) };

async function main(): Promise<void> {
  const timed = async (model: 'kalman' | 'lstm' | 'auto') => {
    const t0 = Date.now();
    const run = await runForecast(train, H, { model, season: 24, origins: 2 }, sink);
    return { run, ms: Date.now() - t0 };
  };
  const kal = await timed('kalman'), lstm = await timed('lstm'), auto = await timed('auto');
  const t = lstm.run.lstm?.trained;
  const trainNote = typeof t === 'object' ? `${t.windows} windows, ${t.config.epochs} epochs, ${t.config.units} units, trained in ${(t.trainMs / 1000).toFixed(1)} s` : `no LSTM: ${t}`;
  const picks = new Map<string, number>();
  auto.run.forecasts.forEach((f) => picks.set(f.model, (picks.get(f.model) ?? 0) + 1));
  console.log(`${series.length} series (${train.reduce((s, y) => s + y.length, 0)} points); ${trainNote}`);
  console.log(`wall time: kalman ${kal.ms} ms, lstm ${lstm.ms} ms, auto ${auto.ms} ms (LSTM loaded from the first run: ${auto.run.lstm?.loaded})`);
  console.log(`auto picked: ${[...picks].map(([m, n]) => `${m} ${n}`).join(', ')}`);
  const cmd = 'npm run bench:forecast-lstm';
  const mk = mase(kal.run.forecasts);
  appendResult({ benchmark: 'forecast-lstm', metric: `MASE, 24 h held out, ${series.length} Azure+sim series (lstm vs kalman)`, ipshadow: mase(lstm.run.forecasts), anchor: mk, ratio: mase(lstm.run.forecasts) / mk, command: cmd });
  appendResult({ benchmark: 'forecast-lstm', metric: `MASE, 24 h held out, ${series.length} Azure+sim series (auto per-series choice vs kalman)`, ipshadow: mase(auto.run.forecasts), anchor: mk, ratio: mase(auto.run.forecasts) / mk, command: cmd });
  for (const [name, r] of [['kalman', kal], ['lstm', lstm], ['auto', auto]] as const) {
    for (const level of [0.8, 0.95]) {
      const raw = cover(r.run, level, false), cal = cover(r.run, level, true);
      appendResult({ benchmark: 'forecast-lstm', metric: `${level * 100}% interval coverage, ${name}: conformal vs raw Gaussian`, ipshadow: cal, anchor: raw, ratio: cal / raw, command: cmd });
    }
  }
  appendResult({ benchmark: 'forecast-lstm', metric: `wall ms, train+backtest+forecast (lstm vs kalman; ${trainNote})`, ipshadow: lstm.ms, anchor: kal.ms, ratio: lstm.ms / kal.ms, command: cmd });
  appendResult({ benchmark: 'forecast-lstm', metric: `wall ms, backtest+forecast (auto incl. SARIMA, LSTM loaded vs kalman)`, ipshadow: auto.ms, anchor: kal.ms, ratio: auto.ms / kal.ms, command: cmd });
}

void main();
