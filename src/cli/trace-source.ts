/** @module The trace a command reads: a JSON-lines or CSV file, the Azure VM folder, or a simulated world. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import type { Trace } from '../core/trace';
import { SCENARIOS, scenario } from '../sim/scenarios';
import { simulate } from '../sim/world';
import { importCsv, loadAzureVm, readTraceJsonl } from '../trace';

/** The flags that name a trace (exactly one of `trace`, `azure`, `sim` must be given; the caller checks). */
export const traceSourceFlags = {
  trace: z.string().optional(),
  azure: z.string().optional(),
  resource: z.enum(['flavor', 'batch', 'single']).default('flavor'),
  sim: z.enum(SCENARIOS).optional(),
  days: z.coerce.number().int().min(2).max(60).default(14),
  seed: z.coerce.number().int().default(1),
};

/** The parsed trace flags. */
export type TraceSource = { trace?: string; azure?: string; resource: 'flavor' | 'batch' | 'single'; sim?: (typeof SCENARIOS)[number]; days: number; seed: number };

/** How many trace sources the flags name. */
export const traceSources = (o: Partial<TraceSource>): number => [o.trace, o.azure, o.sim].filter(Boolean).length;

/** Adds the trace flags to a command. */
export function traceOptions(c: Command): Command {
  return c
    .option('--trace <file>', 'a trace as JSON lines (docs/trace-format.md) or CSV (timestamp,resource,event)')
    .option('--azure <dir>', 'the Azure VM v1 trace folder (dev split)')
    .option('--resource <mode>', 'Azure resources: flavor | batch | single', 'flavor')
    .option('--sim <scenario>', `a simulated world: ${SCENARIOS.join(' | ')}`)
    .option('--days <n>', 'simulated days', '14')
    .option('--seed <n>', 'simulation seed', '1');
}

/** Loads the trace the flags name. */
export function loadTrace(o: TraceSource): Trace {
  if (o.sim) return simulate(scenario(o.sim, o.seed, o.days));
  if (o.azure) return loadAzureVm(o.azure, 'dev', o.resource);
  const text = readFileSync(o.trace!, 'utf8');
  return o.trace!.endsWith('.csv') ? importCsv(text) : readTraceJsonl(text);
}
