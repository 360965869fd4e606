/** @module `ipshadow sync`: a full NetBox sync with a progress bar, resuming an interrupted run. */
import type { Command } from 'commander';
import { MultiBar, Presets } from 'cli-progress';
import { withApp } from '../context';

/** Registers the command. */
export function syncCommand(program: Command): void {
  program
    .command('sync')
    .description('full sync of the NetBox mirror, then re-derive resources')
    .option('--no-progress', 'no progress bar')
    .action(async (opts: { progress: boolean }, cmd: Command) => {
      await withApp(cmd.optsWithGlobals<{ config?: string }>().config, async (app) => {
        const bars = opts.progress && process.stderr.isTTY ? new MultiBar({ stream: process.stderr, format: ' {bar} {table} {value}/{total}', hideCursor: true }, Presets.shades_classic) : undefined;
        const bar = new Map<string, ReturnType<MultiBar['create']>>();
        const started = Date.now();
        try {
          const reports = await app.netbox.sync.run((table, fetched, total) => {
            if (!bars) return;
            const b = bar.get(table) ?? bars.create(Math.max(total, 1), 0, { table });
            bar.set(table, b);
            b.setTotal(Math.max(total, fetched, 1));
            b.update(fetched, { table });
          });
          bars?.stop();
          const counts = await app.refreshResources();
          for (const r of reports) process.stdout.write(`${r.table.padEnd(22)} ${String(r.upserted).padStart(7)} synced ${String(r.pruned).padStart(5)} pruned\n`);
          process.stdout.write(`resources: ${counts.interfaces} interfaces, ${counts.groups} groups; ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
        } finally {
          bars?.stop();
        }
      });
    });
}
