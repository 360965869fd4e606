/** @module `ipshadow forecast`: many series from CSV in, point forecasts with 80% and 95% intervals out, as CSV. */
import { createWriteStream, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { z } from 'zod';
import { FORECAST_CSV_HEADER, forecastCsvLines, forecasterFor } from '../../forecast/forecast-csv';
import { parseSeriesCsv } from '../../forecast/series-csv';
import { EXIT } from '../context';

const optionsSchema = z.object({
  input: z.string().min(1),
  horizon: z.coerce.number().int().min(1).max(100000),
  season: z.coerce.number().int().min(0).default(24),
  model: z.enum(['auto', 'kalman', 'sarima', 'lstm']).default('auto'),
  output: z.string().optional(),
});

function usageError(message: string): never {
  process.stderr.write(`ipshadow forecast: ${message}\n`);
  process.exit(EXIT.config);
}

/** Registers the command. */
export function forecastCommand(program: Command): void {
  program
    .command('forecast')
    .description('forecast many series (CSV: series,timestamp,value) with 80% and 95% intervals, as CSV')
    .requiredOption('--input <file>', 'input CSV')
    .requiredOption('--horizon <steps>', 'steps ahead, in each series\' own step')
    .option('--season <steps>', 'season length in steps (SARIMA)', '24')
    .option('--model <model>', 'auto | kalman | sarima | lstm', 'auto')
    .option('--output <file>', 'output CSV (default: stdout)')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) usageError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
      const opts = parsed.data;
      if (opts.model === 'lstm') usageError('--model lstm is not available yet (issue 5); use auto, kalman or sarima');
      let text: string;
      try {
        text = readFileSync(opts.input, 'utf8');
      } catch (err) {
        usageError(`cannot read ${opts.input}: ${(err as Error).message}`);
      }
      const { series, problems } = parseSeriesCsv(text);
      for (const p of problems.slice(0, 20)) process.stderr.write(`${opts.input}:${p.line}: ${p.reason} (row skipped)\n`);
      if (problems.length > 20) process.stderr.write(`… and ${problems.length - 20} more rows skipped\n`);
      const out: NodeJS.WritableStream = opts.output ? createWriteStream(opts.output) : process.stdout;
      const bar = process.stderr.isTTY ? new SingleBar({ stream: process.stderr, format: ' {bar} {value}/{total} series' }, Presets.shades_classic) : undefined;
      bar?.start(series.length, 0);
      out.write(`${FORECAST_CSV_HEADER}\n`);
      for (const line of forecastCsvLines(series, opts.horizon, forecasterFor(opts.model, opts.season), (done) => bar?.update(done))) {
        if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      bar?.stop();
      if (out !== process.stdout) await new Promise<void>((r) => out.end(() => r()));
      process.stderr.write(`forecast: ${series.length} series, ${problems.length} rows skipped\n`);
    });
}
