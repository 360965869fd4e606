/** @module `ipshadow status`: mirror counts, resources, reservations, last sync and NetBox reachability. */
import type { Command } from 'commander';
import { FULL_SYNC_CURSOR, LAST_FULL_SYNC, MIRROR_KINDS } from '../../adapters/netbox';
import { withApp } from '../context';

/** Registers the command. */
export function statusCommand(program: Command): void {
  program
    .command('status')
    .description('show the store, the last sync and whether NetBox answers')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withApp(cmd.optsWithGlobals<{ config?: string }>().config, async (app) => {
        const mirror = Object.fromEntries(await Promise.all(MIRROR_KINDS.map(async (k) => [k.table, await app.store.mirror.count(k.table)] as const)));
        const resources = await app.store.resources.countByKind();
        let netbox: { reachable: boolean; version?: string; error?: string };
        try {
          const s = await app.netbox.http.get<{ 'netbox-version': string }>('/api/status/');
          netbox = { reachable: true, version: s['netbox-version'] };
        } catch (err) {
          netbox = { reachable: false, error: (err as Error).message };
        }
        const status = {
          store: app.store.db.dialect,
          netbox: { url: app.config.netbox.url, ...netbox },
          lastFullSync: (await app.store.cursors.get(LAST_FULL_SYNC)) ?? null,
          unfinishedSync: (await app.store.cursors.get(FULL_SYNC_CURSOR)) ?? null,
          mirror,
          resources: { interfaces: resources.interface, groups: resources.group },
          reservations: await app.store.reservations.countByState(),
        };
        if (opts.json) return void process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
        const lines = [
          `store:        ${status.store}`,
          `netbox:       ${status.netbox.url} ${netbox.reachable ? `reachable (NetBox ${netbox.version})` : `UNREACHABLE: ${netbox.error}`}`,
          `last sync:    ${status.lastFullSync ? new Date((status.lastFullSync as { finishedAt: number }).finishedAt).toISOString() : 'never'}${status.unfinishedSync ? ' (an interrupted sync will resume)' : ''}`,
          `resources:    ${status.resources.interfaces} interfaces, ${status.resources.groups} groups`,
          `reservations: ${JSON.stringify(status.reservations)}`,
          ...Object.entries(mirror).map(([t, n]) => `  ${t.padEnd(22)} ${n}`),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });
}
