/** @module `ipshadow forecast`: many series from CSV in, point forecasts with 80% and 95% intervals out, as CSV. */
import { createWriteStream, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { z } from 'zod';
import { FORECAST_CSV_HEADER, seriesCsvLines } from '../../forecast/forecast-csv';
import { runForecast, type ForecastRun } from '../../forecast/pipeline';
import { parseSeriesCsv } from '../../forecast/series-csv';
import { openStore, type Store } from '../../store/store';
import { parseFlags, usageError } from '../context';

const optionsSchema = z.object({
  input: z.string().min(1),
  horizon: z.coerce.number().int().min(1).max(100000),
  season: z.coerce.number().int().min(0).default(24),
  model: z.enum(['auto', 'kalman', 'sarima', 'lstm']).default('auto'),
  origins: z.coerce.number().int().min(1).max(10).default(2),
  calibrate: z.boolean().default(true),
  store: z.string().min(1).optional(),
  output: z.string().optional(),
});


/** One stderr line on what the LSTM did and which models won, e.g. `lstm: trained on 6000 windows in 9.1 s`. */
function summary(run: ForecastRun): string[] {
  const lines: string[] = [];
  const t = run.lstm?.trained;
  if (typeof t === 'string') lines.push(`forecast: lstm unavailable (${t}); Kalman answers instead`);
  else if (t) lines.push(`forecast: lstm ${run.lstm!.loaded ? 'loaded from the store' : `trained on ${t.windows} windows in ${(t.trainMs / 1000).toFixed(1)} s`}`);
  const counts = new Map<string, number>();
  for (const f of run.forecasts) counts.set(f.model, (counts.get(f.model) ?? 0) + 1);
  lines.push(`forecast: models ${[...counts].map(([m, n]) => `${m} ${n}`).join(', ')}; backtest ${run.ms.backtest} ms, final ${run.ms.final} ms`);
  return lines;
}

/** Registers the command. */
export function forecastCommand(program: Command): void {
  program
    .command('forecast')
    .description('forecast many series (CSV: series,timestamp,value) with 80% and 95% intervals, as CSV')
    .requiredOption('--input <file>', 'input CSV')
    .requiredOption('--horizon <steps>', 'steps ahead, in each series\' own step')
    .option('--season <steps>', 'season length in steps (SARIMA)', '24')
    .option('--model <model>', 'auto (per-series choice by backtest) | kalman | sarima | lstm', 'auto')
    .option('--origins <n>', 'rolling backtest origins per series (model choice and interval calibration)', '2')
    .option('--no-calibrate', 'keep the models\' own Gaussian intervals (no conformal calibration)')
    .option('--store <url>', 'store for LSTM weights (sqlite:PATH or postgres://…); reused when the data match')
    .option('--output <file>', 'output CSV (default: stdout)')
    .action(async (raw: Record<string, unknown>) => {
      const opts = parseFlags('forecast', optionsSchema, raw);
      let text: string;
      try {
        text = readFileSync(opts.input, 'utf8');
      } catch (err) {
        usageError('forecast', `cannot read ${opts.input}: ${(err as Error).message}`);
      }
      const { series, problems } = parseSeriesCsv(text);
      for (const p of problems.slice(0, 20)) process.stderr.write(`${opts.input}:${p.line}: ${p.reason} (row skipped)\n`);
      if (problems.length > 20) process.stderr.write(`… and ${problems.length - 20} more rows skipped\n`);
      let store: Store | undefined;
      try {
        store = opts.store ? await openStore(opts.store) : undefined;
      } catch (err) {
        usageError('forecast', `cannot open store ${opts.store}: ${(err as Error).message}`);
      }
      let run: ForecastRun;
      try {
        run = await runForecast(series.map((s) => s.values), opts.horizon, { model: opts.model, season: opts.season, origins: opts.origins, calibrate: opts.calibrate }, store?.models);
      } finally {
        await store?.close();
      }
      const out: NodeJS.WritableStream = opts.output ? createWriteStream(opts.output) : process.stdout;
      const bar = process.stderr.isTTY ? new SingleBar({ stream: process.stderr, format: ' {bar} {value}/{total} series' }, Presets.shades_classic) : undefined;
      bar?.start(series.length, 0);
      out.write(`${FORECAST_CSV_HEADER}\n`);
      for (let i = 0; i < series.length; i++) {
        for (const line of seriesCsvLines(series[i]!, run.forecasts[i]!, opts.horizon, run.calibration)) {
          if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
        }
        if (i % 200 === 199) bar?.update(i + 1);
      }
      bar?.stop();
      if (out !== process.stdout) await new Promise<void>((r) => out.end(() => r()));
      for (const line of summary(run)) process.stderr.write(`${line}\n`);
      process.stderr.write(`forecast: ${series.length} series, ${problems.length} rows skipped\n`);
    });
}
