/** @module `ipshadow backtest`: every policy on the held-out part of a trace, against tuned static pools and the oracle. */
import type { Command } from 'commander';
import { z } from 'zod';
import { comparePolicies, POLICY_NAMES } from '../../allocate/compare';
import { parseFlags } from '../context';
import { loadTrace, traceOptions, traceSourceFlags, traceSources } from '../trace-source';

const optionsSchema = z.object({
  ...traceSourceFlags,
  policy: z.string().default(POLICY_NAMES.join(',')).transform((s) => s.split(',').map((p) => p.trim())).pipe(z.array(z.enum(POLICY_NAMES)).min(1)),
  cWaste: z.coerce.number().positive().default(1),
  cDelay: z.coerce.number().positive().default(60),
  json: z.boolean().optional(),
}).refine((o) => traceSources(o) === 1, { message: 'give exactly one of --trace FILE, --azure DIR or --sim SCENARIO', path: ['trace'] });

/** Registers the command. */
export function backtestCommand(program: Command): void {
  traceOptions(program
    .command('backtest')
    .description('run the policies on the second half of a trace and compare them with hindsight-tuned static pools'))
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
