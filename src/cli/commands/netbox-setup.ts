/** @module `ipshadow netbox setup`: create the tag, custom fields, webhook and event rule (idempotent). */
import type { Command } from 'commander';
import { withApp } from '../context';

/** Registers the command. */
export function netboxSetupCommand(netbox: Command): void {
  netbox
    .command('setup')
    .description('create or converge the ipshadow tag, custom fields, webhook and event rule in NetBox')
    .option('--no-webhook', 'skip the webhook and event rule')
    .option('--json', 'print the actions as JSON')
    .action(async (opts: { webhook: boolean; json?: boolean }, cmd: Command) => {
      await withApp(cmd.optsWithGlobals<{ config?: string }>().config, async (app) => {
        const wh = app.config.netbox.webhook;
        if (opts.webhook && (!wh.payloadUrl || !wh.secret)) {
          throw new Error('netbox.webhook.payloadUrl and netbox.webhook.secret must be set for the webhook (or pass --no-webhook)');
        }
        const actions = await app.netbox.setup.run({
          tag: app.config.netbox.tag,
          webhook: opts.webhook ? { name: wh.name, payloadUrl: wh.payloadUrl!, secret: wh.secret! } : undefined,
        });
        if (opts.json) process.stdout.write(`${JSON.stringify(actions, null, 2)}\n`);
        else for (const a of actions) process.stdout.write(`${a.action.padEnd(9)} ${a.object} ${a.name} (id ${a.id})\n`);
      });
    });
}
