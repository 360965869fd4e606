/** @module `ipshadow backtest`: every policy on the held-out part of a trace, against tuned static pools and the oracle. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { comparePolicies, POLICY_NAMES } from '../../allocate/compare';
import type { Trace } from '../../core/trace';
import { SCENARIOS, scenario } from '../../sim/scenarios';
import { simulate } from '../../sim/world';
import { importCsv, loadAzureVm, readTraceJsonl } from '../../trace';
import { parseFlags } from '../context';

const optionsSchema = z.object({
  trace: z.string().optional(),
  azure: z.string().optional(),
  resource: z.enum(['flavor', 'batch', 'single']).default('flavor'),
  sim: z.enum(SCENARIOS).optional(),
  days: z.coerce.number().int().min(2).max(60).default(14),
  seed: z.coerce.number().int().default(1),
  policy: z.string().default(POLICY_NAMES.join(',')).transform((s) => s.split(',').map((p) => p.trim())).pipe(z.array(z.enum(POLICY_NAMES)).min(1)),
  cWaste: z.coerce.number().positive().default(1),
  cDelay: z.coerce.number().positive().default(60),
  json: z.boolean().optional(),
}).refine((o) => [o.trace, o.azure, o.sim].filter(Boolean).length === 1, { message: 'give exactly one of --trace FILE, --azure DIR or --sim SCENARIO', path: ['trace'] });

function loadTrace(o: z.infer<typeof optionsSchema>): Trace {
  if (o.sim) return simulate(scenario(o.sim, o.seed, o.days));
  if (o.azure) return loadAzureVm(o.azure, 'dev', o.resource);
  const text = readFileSync(o.trace!, 'utf8');
  return o.trace!.endsWith('.csv') ? importCsv(text) : readTraceJsonl(text);
}

/** Registers the command. */
export function backtestCommand(program: Command): void {
  program
    .command('backtest')
    .description('run the policies on the second half of a trace and compare them with hindsight-tuned static pools')
    .option('--trace <file>', 'a trace as JSON lines (docs/trace-format.md) or CSV (timestamp,resource,event)')
    .option('--azure <dir>', 'the Azure VM v1 trace folder (dev split)')
    .option('--resource <mode>', 'Azure resources: flavor | batch | single', 'flavor')
    .option('--sim <scenario>', `a simulated world: ${SCENARIOS.join(' | ')}`)
    .option('--days <n>', 'simulated days', '14')
    .option('--seed <n>', 'simulation seed', '1')
    .option('--policy <list>', `comma-separated: ${POLICY_NAMES.join(',')}`)
    .option('--c-waste <cost>', 'cost of one idle address-minute', '1')
    .option('--c-delay <cost>', 'cost of one minute a request waits', '60')
    .option('--json', 'print JSON')
    .action(async (raw: Record<string, unknown>) => {
      const o = parseFlags('backtest', optionsSchema, raw);
      const trace = loadTrace(o);
      const result = comparePolicies(trace, { cost: { cWaste: o.cWaste, cDelay: o.cDelay, latencyMs: 60_000 }, tickMs: 60_000 }, o.policy);
      if (o.json) return void process.stdout.write(`${JSON.stringify({ trace: trace.name, ...result }, null, 2)}\n`);
      const lines = [
        `${trace.name}: ${trace.resources.length} resources; trained before ${new Date(result.splitMs).toISOString()}, measured after`,
        '| policy | cost | ÷ best static | hit rate | mean wait min | p99 wait min | idle addr-min | expired |',
        '|---|---|---|---|---|---|---|---|',
        ...result.rows.map((r) => `| ${r.name} | ${r.metrics.cost.toFixed(0)} | ${r.vsBestStatic?.toFixed(3) ?? ''} | ${(100 * r.metrics.hitRate).toFixed(1)}% | ${r.metrics.meanWaitMin.toFixed(3)} | ${r.metrics.p99WaitMin.toFixed(2)} | ${r.metrics.idleAddressMin.toFixed(0)} | ${r.metrics.expired} |`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
