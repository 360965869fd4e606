/** @module `ipshadow shadow`: the shadow inventory from the store, as a table or JSON. */
import type { Command } from 'commander';
import { z } from 'zod';
import type { ShadowEntry } from '../../core/shadow';
import { parseFlags, withApp } from '../context';

const optionsSchema = z.object({
  resource: z.string().min(1).optional(),
  horizon: z.coerce.number().positive().optional(),
  minP: z.coerce.number().min(0).max(1).optional(),
  stale: z.boolean().default(false),
  json: z.boolean().default(false),
});

const HEADER = ['RESOURCE', 'HORIZON', 'P(ANY)', 'P50', 'P90', 'ETA (UTC)', 'TYPE', 'BANDWIDTH', 'MODEL', 'VALID UNTIL (UTC)'];

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const count = (e: ShadowEntry, p: number) => String(e.quantiles.find((q) => q.p === p)?.count ?? '-');

/** Bytes per second with a decimal unit, e.g. `1.5 kB/s`. */
export function formatBandwidth(bps: number | null): string {
  if (bps === null) return '-';
  const units = ['B/s', 'kB/s', 'MB/s', 'GB/s'];
  let v = bps, i = 0;
  while (v >= 1000 && i < units.length - 1) (v /= 1000), i++;
  return `${i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** The table of entries, one row each, columns padded to their widest cell. */
export function formatShadowTable(entries: readonly ShadowEntry[]): string {
  const rows = entries.map((e) => [
    e.resourceId, `${e.horizonMs / 60_000}m`, e.pAny.toFixed(3), count(e, 0.5), count(e, 0.9),
    e.eta ? `${clock(e.eta.fromMs)}–${clock(e.eta.toMs)}` : '-', e.resourceType, formatBandwidth(e.expectedBandwidthBps), e.model,
    new Date(e.validUntilMs).toISOString().slice(0, 19).replace('T', ' '),
  ]);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [HEADER, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/** Registers the command. */
export function shadowCommand(program: Command): void {
  program
    .command('shadow')
    .description('show the shadow inventory: P(any allocation), count quantiles and ETA per resource and horizon')
    .option('--resource <id>', 'only this resource')
    .option('--horizon <minutes>', 'only this horizon')
    .option('--min-p <p>', 'only entries with P(any) at least p (0..1)')
    .option('--stale', 'include entries whose validity has ended')
    .option('--json', 'print JSON')
    .action(async (raw: Record<string, unknown>, cmd: Command) => {
      const o = parseFlags('shadow', optionsSchema, raw);
      await withApp(cmd.optsWithGlobals<{ config?: string }>().config, async (app) => {
        const entries = await app.store.shadow.list({
          resourceId: o.resource, horizonMs: o.horizon === undefined ? undefined : Math.round(o.horizon * 60_000), minP: o.minP,
          validAt: o.stale ? undefined : Date.now(),
        });
        if (o.json) return void process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        if (entries.length === 0) return void process.stdout.write(`no ${o.stale ? '' : 'valid '}shadow inventory entries\n`);
        process.stdout.write(`${formatShadowTable(entries)}\n`);
      });
    });
}
