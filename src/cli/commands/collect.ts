/** @module `ipshadow collect pcap|goflow2`: feed captures or goflow2 JSON lines through the collector into the store. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { withApp } from '../context';

/** Registers the command group. */
export function collectCommand(program: Command): void {
  const collect = program.command('collect').description('ingest flow data offline into per-resource buckets');
  collect
    .command('pcap')
    .description('read pcap/pcapng files: flow exports inside are decoded, other traffic is summarised by 5-tuple')
    .argument('<files...>')
    .action(async (files: string[], _opts: unknown, cmd: Command) => {
      await withApp(cmd.optsWithGlobals<{ config?: string }>().config, async (app) => {
        await app.collect.refreshMap();
        for (const file of files) {
          const result = app.collect.ingestPcap(readFileSync(file));
          process.stdout.write(`${file}: ${JSON.stringify(result)}\n`);
        }
        await app.collect.flush();
      });
    });
  collect
    .command('goflow2')
    .description('read goflow2 JSON lines from a file, or - for stdin')
    .argument('<file>')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      await withApp(cmd.optsWithGlobals<{ config?: string }>().config, async (app) => {
        await app.collect.refreshMap();
        const counts = await app.collect.ingestGoflowFile(file === '-' ? '/dev/stdin' : file);
        await app.collect.flush();
        process.stdout.write(`${JSON.stringify(counts)}\n`);
      });
    });
}
